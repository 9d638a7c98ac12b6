package io.rapport.alert.domain.routing;

import io.rapport.alert.domain.inhibit.InhibitRule;
import io.rapport.alert.domain.inhibit.Inhibitor;
import io.rapport.alert.domain.timeinterval.TimeIntervals;
import java.util.List;
import java.util.Optional;

/** A validated alerting configuration, the counterpart of Alertmanager's {@code alertmanager.yml}. */
public record AlertingConfig(
        GlobalConfig global,
        RouteConfig route,
        List<ReceiverConfig> receivers,
        List<InhibitRule> inhibitRules,
        TimeIntervals timeIntervals) {

    public AlertingConfig {
        receivers = List.copyOf(receivers);
        inhibitRules = List.copyOf(inhibitRules);
    }

    /** The receiver with that name, if configured. */
    public Optional<ReceiverConfig> receiver(String name) {
        return receivers.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Builds the routing tree of {@link #route()}. */
    public RoutingTree routingTree() {
        return RoutingTree.from(route);
    }

    /** Builds an inhibitor over {@link #inhibitRules()}. */
    public Inhibitor inhibitor() {
        return new Inhibitor(inhibitRules);
    }
}
