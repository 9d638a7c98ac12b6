package io.rapport.alert.domain.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A node of the routing tree, with resolved options and its matchers. */
public final class Route {

    private final Route parent;
    private final int position;
    private final RouteOptions options;
    private final List<Matcher> matchers;
    private final boolean continueMatching;
    private final List<Route> children;
    private final String key;

    Route(RouteConfig cfg, Route parent, int position) {
        this.parent = parent;
        this.position = position;
        this.options = (parent == null ? RouteOptions.DEFAULTS : parent.options).child(cfg);
        this.matchers = cfg.matchers();
        this.continueMatching = cfg.continueMatching();
        this.key = (parent == null ? "" : parent.key + "/") + Matchers.toString(matchers);
        List<Route> kids = new ArrayList<>();
        for (int i = 0; i < cfg.routes().size(); i++) {
            kids.add(new Route(cfg.routes().get(i), this, i));
        }
        this.children = List.copyOf(kids);
    }

    public RouteOptions options() {
        return options;
    }

    public List<Matcher> matchers() {
        return matchers;
    }

    public boolean continueMatching() {
        return continueMatching;
    }

    public List<Route> children() {
        return children;
    }

    /** Alertmanager's route key: the matchers of every node from the root, joined by {@code /}. */
    public String key() {
        return key;
    }

    /** Alertmanager's route id: the key plus the node's position among its siblings. */
    public String id() {
        return parent == null ? key : key + "/" + position;
    }

    /** Depth-first, left-to-right matching; a node whose children all miss matches itself. */
    List<Route> match(Map<String, String> labels) {
        if (!Matchers.matchesAll(matchers, labels)) {
            return List.of();
        }
        List<Route> all = new ArrayList<>();
        for (Route child : children) {
            List<Route> matches = child.match(labels);
            all.addAll(matches);
            if (!matches.isEmpty() && !child.continueMatching) {
                break;
            }
        }
        if (all.isEmpty()) {
            all.add(this);
        }
        return all;
    }

    /** Visits this node and its descendants depth-first. */
    public void walk(Consumer<Route> visitor) {
        visitor.accept(this);
        children.forEach(c -> c.walk(visitor));
    }

    @Override
    public String toString() {
        return "Route[" + id() + " -> " + options.receiver() + "]";
    }
}
