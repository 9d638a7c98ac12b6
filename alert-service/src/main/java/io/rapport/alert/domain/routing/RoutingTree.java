package io.rapport.alert.domain.routing;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The routing tree built from a {@code route} configuration; matches label sets to receivers. */
public final class RoutingTree {

    private final Route root;

    private RoutingTree(Route root) {
        this.root = root;
    }

    /** Builds the tree, resolving inherited options. */
    public static RoutingTree from(RouteConfig config) {
        return new RoutingTree(new Route(config, null, -1));
    }

    public Route root() {
        return root;
    }

    /**
     * The matched routes for a label set, in order: depth-first, first match wins at each level
     * unless the matching child has {@code continue: true}; never empty, as the root always matches.
     */
    public List<RouteMatch> match(Map<String, String> labels) {
        return root.match(labels).stream().map(RouteMatch::of).toList();
    }

    /** Visits every node depth-first. */
    public void walk(Consumer<Route> visitor) {
        root.walk(visitor);
    }
}
