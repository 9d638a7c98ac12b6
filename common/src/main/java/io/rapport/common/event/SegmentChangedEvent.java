package io.rapport.common.event;

import static io.rapport.common.event.EventLimits.ID_MAX;
import static io.rapport.common.event.EventLimits.MAP_ENTRIES_MAX;
import static io.rapport.common.event.EventLimits.NAME_MAX;

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
 * An account entered or left a segment, published to {@code rapport.segment-changes.v1} keyed by
 * {@code accountId}. {@code values} holds the attribute and score values the definition was evaluated
 * on when membership changed, so an analyst can see why; {@code definitionVersion} names the version
 * of the definition that decided (a changed definition is back-filled and yields a new version).
 */
public record SegmentChangedEvent(
        @NotBlank @Size(max = ID_MAX) String eventId,
        @NotBlank @Size(max = ID_MAX) String accountId,
        @NotNull Instant occurredAt,
        @NotBlank @Size(max = NAME_MAX) String source,
        @NotBlank @Size(max = ID_MAX) String segmentId,
        @NotBlank @Size(max = NAME_MAX) String segmentName,
        @JsonProperty(required = true) @Positive int definitionVersion,
        @NotNull MembershipChange change,
        @Size(max = ID_MAX) String causingEventId,
        @NotNull @Size(max = MAP_ENTRIES_MAX) Map<@NotBlank @Size(max = NAME_MAX) String, Object> values) {
    /**
     * {@code values.reason} of the exits recorded when an analyst deletes a segment: nothing happened to
     * the accounts, which consumers (alert rules) tell apart from an account leaving.
     */
    public static final String REASON_SEGMENT_DELETED = "segment deleted";

    public SegmentChangedEvent {
        values = values == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
