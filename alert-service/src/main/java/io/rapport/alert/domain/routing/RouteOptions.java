package io.rapport.alert.domain.routing;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The resolved options of a route node: receiver, grouping and timers are inherited from the
 * parent when unset; mute and active time intervals belong to the node alone (as in Alertmanager).
 */
public record RouteOptions(
        String receiver,
        SortedSet<String> groupBy,
        boolean groupByAll,
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        List<String> muteTimeIntervals,
        List<String> activeTimeIntervals) {

    /** Alertmanager's defaults for the root: group_wait 30s, group_interval 5m, repeat_interval 4h. */
    public static final RouteOptions DEFAULTS = new RouteOptions(
            null,
            new TreeSet<>(),
            false,
            Duration.ofSeconds(30),
            Duration.ofMinutes(5),
            Duration.ofHours(4),
            List.of(),
            List.of());

    public RouteOptions {
        groupBy = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(groupBy));
        muteTimeIntervals = List.copyOf(muteTimeIntervals);
        activeTimeIntervals = List.copyOf(activeTimeIntervals);
    }

    /** The options of a child node configured by {@code cfg} under a parent with these options. */
    RouteOptions child(RouteConfig cfg) {
        String recv = cfg.receiver() != null && !cfg.receiver().isEmpty() ? cfg.receiver() : receiver;
        Set<String> gb = groupBy;
        boolean all = groupByAll;
        if (cfg.groupBy() != null) {
            gb = new TreeSet<>(cfg.groupBy());
            all = false;
        } else if (cfg.groupByAll()) {
            all = true;
        }
        return new RouteOptions(
                recv,
                new TreeSet<>(gb),
                all,
                cfg.groupWait() != null ? cfg.groupWait() : groupWait,
                cfg.groupInterval() != null ? cfg.groupInterval() : groupInterval,
                cfg.repeatInterval() != null ? cfg.repeatInterval() : repeatInterval,
                cfg.muteTimeIntervals(),
                cfg.activeTimeIntervals());
    }
}
