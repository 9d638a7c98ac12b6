package io.rapport.alert.messaging;

import io.rapport.alert.domain.alert.Alert;
import io.rapport.alert.domain.notify.AlertNotice;
import io.rapport.common.event.AlertEvent;
import io.rapport.common.event.AlertState;
import io.rapport.common.event.EventLimits;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps a stored alert to what leaves the rules side: the wire event and the notice. */
final class AlertEventMapper {
    static final String SOURCE = "alert-service";

    private AlertEventMapper() {}

    /** The deterministic id of an alert's state: the same state re-emitted has the same id. */
    static String eventId(Alert alert) {
        return alert.id() + "-r" + alert.revision();
    }

    static AlertEvent toEvent(Alert alert) {
        Map<String, String> labels = new LinkedHashMap<>();
        alert.labels().forEach((k, v) -> labels.put(k, cut(v, EventLimits.NAME_MAX)));
        Map<String, Object> explanation = new LinkedHashMap<>();
        alert.explanation().forEach((k, v) -> {
            if (v != null && explanation.size() < EventLimits.MAP_ENTRIES_MAX) {
                explanation.put(k, v);
            }
        });
        return new AlertEvent(
                eventId(alert),
                alert.id(),
                alert.accountId(),
                alert.updatedAt(),
                SOURCE,
                alert.ruleId(),
                alert.topic(),
                alert.severity(),
                alert.state(),
                labels,
                cut(alert.summary(), EventLimits.NAME_MAX),
                alert.description() == null ? null : cut(alert.description(), EventLimits.TEXT_MAX),
                alert.startsAt(),
                alert.endsAt(),
                alert.count(),
                explanation);
    }

    static AlertNotice toNotice(Alert alert, String linkBase) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", alert.summary());
        if (alert.description() != null) annotations.put("description", alert.description());
        annotations.put("link", linkBase + alert.id());
        annotations.put("state", alert.state().wireName());
        if (alert.acknowledgedBy() != null) annotations.put("acknowledged_by", alert.acknowledgedBy());
        if (alert.resolvedBy() != null) annotations.put("resolved_by", alert.resolvedBy());
        if (alert.resolution() != null) annotations.put("resolution", alert.resolution());
        return new AlertNotice(
                alert.id(),
                alert.accountId(),
                alert.labels(),
                annotations,
                alert.startsAt(),
                alert.endsAt(),
                alert.updatedAt(),
                alert.count(),
                alert.explanation(),
                alert.state() == AlertState.RESOLVED ? AlertNotice.Status.RESOLVED : AlertNotice.Status.FIRING);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
