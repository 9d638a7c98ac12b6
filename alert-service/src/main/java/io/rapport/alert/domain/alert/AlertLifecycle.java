package io.rapport.alert.domain.alert;

import io.rapport.alert.domain.rules.AlertRule;
import io.rapport.alert.domain.rules.RuleEvaluator;
import io.rapport.common.event.AlertState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The transitions of an alert: fire, recur (dedup), acknowledge, resolve. Pure functions. */
public final class AlertLifecycle {
    private AlertLifecycle() {}

    /** A new firing alert. */
    public static Alert open(
            AlertIdentity identity, AlertRule rule, RuleEvaluator.Rendered rendered, String eventId, Instant now) {
        String firstCause = eventId != null ? eventId : "at:" + now;
        return new Alert(
                identity.alertId(firstCause),
                identity.accountId(),
                identity.ruleId(),
                identity.reasonKey(),
                rule.topic(),
                rule.severity(),
                AlertState.FIRING,
                rendered.labels(),
                rendered.summary(),
                rendered.description(),
                rendered.explanation(),
                now,
                now,
                now,
                null,
                1,
                1,
                eventId == null ? List.of() : List.of(eventId),
                null,
                null,
                null,
                null,
                null);
    }

    /** Another occurrence folded into an open alert: count, last seen and latest values move. */
    public static Alert recur(Alert alert, RuleEvaluator.Rendered rendered, String eventId, Instant now) {
        requireOpen(alert, "recur");
        return new Alert(
                alert.id(),
                alert.accountId(),
                alert.ruleId(),
                alert.reasonKey(),
                alert.topic(),
                alert.severity(),
                alert.state(),
                rendered.labels(),
                rendered.summary(),
                rendered.description(),
                rendered.explanation(),
                alert.startsAt(),
                now,
                now,
                null,
                alert.count() + 1,
                alert.revision() + 1,
                withEvent(alert.eventIds(), eventId),
                alert.acknowledgedBy(),
                alert.acknowledgedAt(),
                null,
                null,
                null);
    }

    /**
     * Acknowledged by {@code who}; acknowledging an acknowledged alert returns it unchanged.
     *
     * @throws AlertStateException if the alert is resolved
     */
    public static Alert acknowledge(Alert alert, String who, Instant now) {
        if (alert.state() == AlertState.ACKNOWLEDGED) {
            return alert;
        }
        requireOpen(alert, "acknowledge");
        return new Alert(
                alert.id(),
                alert.accountId(),
                alert.ruleId(),
                alert.reasonKey(),
                alert.topic(),
                alert.severity(),
                AlertState.ACKNOWLEDGED,
                alert.labels(),
                alert.summary(),
                alert.description(),
                alert.explanation(),
                alert.startsAt(),
                alert.lastSeenAt(),
                now,
                null,
                alert.count(),
                alert.revision() + 1,
                alert.eventIds(),
                who,
                now,
                null,
                null,
                null);
    }

    /** Resolved by {@code who} (a person, or the service when the condition cleared); idempotent. */
    public static Alert resolve(Alert alert, String who, String resolution, String eventId, Instant now) {
        if (!alert.open()) {
            return alert;
        }
        return new Alert(
                alert.id(),
                alert.accountId(),
                alert.ruleId(),
                alert.reasonKey(),
                alert.topic(),
                alert.severity(),
                AlertState.RESOLVED,
                alert.labels(),
                alert.summary(),
                alert.description(),
                alert.explanation(),
                alert.startsAt(),
                alert.lastSeenAt(),
                now,
                now,
                alert.count(),
                alert.revision() + 1,
                withEvent(alert.eventIds(), eventId),
                alert.acknowledgedBy(),
                alert.acknowledgedAt(),
                who,
                now,
                resolution);
    }

    private static void requireOpen(Alert alert, String action) {
        if (!alert.open()) {
            throw new AlertStateException("alert " + alert.id() + " is resolved; cannot " + action + " it");
        }
    }

    private static List<String> withEvent(List<String> eventIds, String eventId) {
        if (eventId == null || eventIds.contains(eventId)) {
            return eventIds;
        }
        List<String> out = new ArrayList<>(eventIds);
        out.add(eventId);
        return out.size() > Alert.EVENT_IDS_KEPT ? out.subList(out.size() - Alert.EVENT_IDS_KEPT, out.size()) : out;
    }
}
