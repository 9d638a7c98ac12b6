package io.rapport.alert.domain.alert;

import io.rapport.common.event.AlertSeverity;
import io.rapport.common.event.AlertState;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert: one per account, rule and reason while it is open (firing or acknowledged); a resolved
 * alert that fires again is a new alert. {@code revision} increases with each change (optimistic
 * concurrency, and the deterministic id of each published state); {@code eventIds} are the causing
 * events already folded in, so a redelivered event changes nothing.
 */
public record Alert(
        String id,
        String accountId,
        String ruleId,
        String reasonKey,
        String topic,
        AlertSeverity severity,
        AlertState state,
        Map<String, String> labels,
        String summary,
        String description,
        Map<String, Object> explanation,
        Instant startsAt,
        Instant lastSeenAt,
        Instant updatedAt,
        Instant endsAt,
        int count,
        long revision,
        List<String> eventIds,
        String acknowledgedBy,
        Instant acknowledgedAt,
        String resolvedBy,
        Instant resolvedAt,
        String resolution) {

    /** Causing event ids kept per alert: enough to recognise redeliveries, bounded in size. */
    public static final int EVENT_IDS_KEPT = 50;

    public Alert {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        explanation = explanation == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(explanation));
        eventIds = eventIds == null ? List.of() : List.copyOf(eventIds);
    }

    /** True while firing or acknowledged. */
    public boolean open() {
        return state != AlertState.RESOLVED;
    }

    /** The identity that dedup folds occurrences into. */
    public AlertIdentity identity() {
        return new AlertIdentity(accountId, ruleId, reasonKey);
    }
}
