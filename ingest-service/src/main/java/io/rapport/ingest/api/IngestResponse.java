package io.rapport.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rapport.ingest.domain.EventOutcome;
import io.rapport.ingest.domain.Rejection;
import java.util.List;
import java.util.Locale;

/**
 * The 202 answer: counts by outcome, the outcome of each event (not for NDJSON streams, whose answer
 * would otherwise grow with the stream), and the rejected ones' errors ({@code errorsTruncated} when
 * more errors than listed).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IngestResponse(
        long accepted,
        long duplicate,
        long rejected,
        List<EventStatus> results,
        List<Rejection> errors,
        Boolean errorsTruncated) {

    /** One event's outcome: accepted, duplicate or rejected. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventStatus(int index, String eventId, String status) {}

    static IngestResponse of(Tally tally) {
        return new IngestResponse(
                tally.count(EventOutcome.ACCEPTED),
                tally.count(EventOutcome.DUPLICATE),
                tally.count(EventOutcome.REJECTED),
                tally.results().stream()
                        .map(r -> new EventStatus(
                                r.index(), r.eventId(), r.outcome().name().toLowerCase(Locale.ROOT)))
                        .toList(),
                tally.errors(),
                tally.errorsTruncated() ? Boolean.TRUE : null);
    }
}
