package io.rapport.alert.domain.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of flushing a group at {@code flushAt}: the notifications to enqueue, the new
 * notification-log entries per integration, and the alert versions to retire (resolved alerts the
 * flush covered). It is applied to the group with {@link AggregationGroup#afterFlush}, so a group
 * changed concurrently by a new notice keeps that change.
 *
 * @param muted the route's time intervals muted the flush: nothing sent, nothing logged or retired
 */
public record FlushResult(
        Instant flushAt,
        Instant now,
        boolean muted,
        List<PlannedNotification> notifications,
        Map<String, NotifiedState> notified,
        Set<String> retiredVersions) {

    public FlushResult {
        notifications = List.copyOf(notifications);
        notified = Map.copyOf(notified);
        retiredVersions = Set.copyOf(retiredVersions);
    }
}
