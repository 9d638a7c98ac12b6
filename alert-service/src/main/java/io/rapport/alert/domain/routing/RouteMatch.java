package io.rapport.alert.domain.routing;

import io.rapport.alert.domain.timeinterval.TimeIntervals;
import java.time.Instant;
import java.util.Map;

/** One matched route for an alert: where it goes and with which options. */
public record RouteMatch(String routeKey, String routeId, RouteOptions options) {

    static RouteMatch of(Route r) {
        return new RouteMatch(r.key(), r.id(), r.options());
    }

    public String receiver() {
        return options.receiver();
    }

    /** The aggregation group of an alert with these labels under this route. */
    public GroupKey groupKey(Map<String, String> labels) {
        return GroupKey.of(this, labels);
    }

    /** Whether notifications for this route are muted at {@code now} by its time intervals. */
    public boolean isMuted(TimeIntervals intervals, Instant now) {
        return intervals.isMuted(options.muteTimeIntervals(), options.activeTimeIntervals(), now);
    }
}
