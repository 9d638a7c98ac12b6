package io.rapport.alert.domain.routing;

import java.time.Duration;
import java.util.List;

/**
 * One {@code route} node as written: unset options are null ({@code groupBy} null means "inherit";
 * {@code groupByAll} is the {@code ...} wildcard). {@code matchers} already merges legacy
 * {@code match}/{@code match_re} and is sorted.
 */
public record RouteConfig(
        String receiver,
        List<String> groupBy,
        boolean groupByAll,
        List<Matcher> matchers,
        boolean continueMatching,
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        List<String> muteTimeIntervals,
        List<String> activeTimeIntervals,
        List<RouteConfig> routes) {

    public RouteConfig {
        groupBy = groupBy == null ? null : List.copyOf(groupBy);
        matchers = Matchers.sorted(matchers);
        muteTimeIntervals = List.copyOf(muteTimeIntervals);
        activeTimeIntervals = List.copyOf(activeTimeIntervals);
        routes = List.copyOf(routes);
    }
}
