package io.rapport.common.event;

import static io.rapport.common.event.EventLimits.ID_MAX;
import static io.rapport.common.event.EventLimits.MAP_ENTRIES_MAX;
import static io.rapport.common.event.EventLimits.NAME_MAX;
import static io.rapport.common.event.EventLimits.TEXT_MAX;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A state of an alert (firing, acknowledged, resolved), published to {@code rapport.alerts.v1} keyed
 * by {@code accountId}. {@code alertId} is stable across the alert's life, {@code eventId} is unique
 * per state change; {@code topic} (billing, support, growth, relationship, ...) and {@code labels}
 * drive routing; {@code count} is how many times the rule matched while the alert was open;
 * {@code explanation} holds the values that made the rule fire.
 */
public record AlertEvent(
        @NotBlank @Size(max = ID_MAX) String eventId,
        @NotBlank @Size(max = ID_MAX) String alertId,
        @NotBlank @Size(max = ID_MAX) String accountId,
        @NotNull Instant occurredAt,
        @NotBlank @Size(max = NAME_MAX) String source,
        @NotBlank @Size(max = ID_MAX) String ruleId,
        @NotBlank @Size(max = NAME_MAX) String topic,
        @NotNull AlertSeverity severity,
        @NotNull AlertState state,

        @NotNull @Size(max = MAP_ENTRIES_MAX)
        Map<@NotBlank @Size(max = NAME_MAX) String, @NotNull @Size(max = NAME_MAX) String> labels,

        @NotBlank @Size(max = NAME_MAX) String summary,
        @Size(max = TEXT_MAX) String description,
        @NotNull Instant startsAt,
        Instant endsAt,
        @JsonProperty(required = true) @Positive int count,
        @Size(max = MAP_ENTRIES_MAX) Map<@NotBlank @Size(max = NAME_MAX) String, Object> explanation) {

    public AlertEvent {
        labels = labels == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        explanation = explanation == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(explanation));
    }
}
