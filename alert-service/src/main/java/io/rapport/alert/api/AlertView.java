package io.rapport.alert.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rapport.alert.domain.alert.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert as the API shows it; {@code route} and {@code deliveries} (one alert only) come from the
 * notification side.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertView(
        String id,
        String accountId,
        String ruleId,
        String reasonKey,
        String topic,
        String severity,
        String state,
        Map<String, String> labels,
        String summary,
        String description,
        Map<String, Object> explanation,
        Instant startsAt,
        Instant lastSeenAt,
        Instant updatedAt,
        Instant endsAt,
        int count,
        String acknowledgedBy,
        Instant acknowledgedAt,
        String resolvedBy,
        Instant resolvedAt,
        String resolution,
        List<Map<String, Object>> route,
        List<Map<String, Object>> deliveries) {

    static AlertView of(Alert a, List<Map<String, Object>> route, List<Map<String, Object>> deliveries) {
        return new AlertView(
                a.id(),
                a.accountId(),
                a.ruleId(),
                a.reasonKey(),
                a.topic(),
                a.severity().wireName(),
                a.state().wireName(),
                a.labels(),
                a.summary(),
                a.description(),
                a.explanation(),
                a.startsAt(),
                a.lastSeenAt(),
                a.updatedAt(),
                a.endsAt(),
                a.count(),
                a.acknowledgedBy(),
                a.acknowledgedAt(),
                a.resolvedBy(),
                a.resolvedAt(),
                a.resolution(),
                route,
                deliveries);
    }

    /** A page of alerts. */
    public record Page(List<AlertView> items, long total, int page, int size) {}

    /** Optional body of acknowledge and resolve. */
    public record Comment(String comment) {}
}
