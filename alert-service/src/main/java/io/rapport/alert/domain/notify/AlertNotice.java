package io.rapport.alert.domain.notify;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An alert as the notification pipeline sees it, in Alertmanager's model: a stable identity, labels
 * (routing and grouping), annotations (text), times and the explanation to render. The rules side
 * fires it as a CDI event each time an alert fires, is updated or resolves, and again whenever a
 * record is redelivered; the notification side persists it before the record is acknowledged and
 * treats a repeat (same {@code alertId}, {@code status} and {@code updatedAt}) as a no-op.
 *
 * @param alertId stable id of the alert: one per account, rule and reason while it is open
 * @param accountId the account it concerns
 * @param labels {@code topic}, {@code severity}, {@code account}, {@code account_kind}, {@code
 *     segment}, {@code region}, {@code tier}, {@code rule}, ... (routing and grouping use these)
 * @param annotations {@code summary}, {@code description}, {@code link}, ...
 * @param startsAt when it first fired
 * @param endsAt when it resolved; null while firing
 * @param updatedAt when it last changed (a new occurrence, new values, acknowledgement, resolution)
 * @param count occurrences folded into it by dedup
 * @param explanation why it fired: the values, the score movement and its biggest movers
 * @param status firing or resolved
 */
public record AlertNotice(
        String alertId,
        String accountId,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        Instant updatedAt,
        int count,
        Map<String, Object> explanation,
        Status status) {

    /** Alertmanager's two alert states. */
    public enum Status {
        FIRING,
        RESOLVED
    }

    public AlertNotice {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        // explanation values may be null (e.g. no previous score): keep them, unlike Map.copyOf
        explanation = explanation == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(explanation));
    }
}
