package io.rapport.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rapport.ingest.domain.EventOutcome;
import io.rapport.ingest.domain.IngestReport;
import io.rapport.ingest.domain.Rejection;
import java.util.List;
import java.util.Locale;

/** The 202 answer: counts by outcome, the outcome of each event, and the rejected ones' errors. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IngestResponse(
        long accepted, long duplicate, long rejected, List<EventStatus> results, List<Rejection> errors) {

    /** One event's outcome: accepted, duplicate or rejected. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventStatus(int index, String eventId, String status) {}

    static IngestResponse of(IngestReport report) {
        return new IngestResponse(
                report.count(EventOutcome.ACCEPTED),
                report.count(EventOutcome.DUPLICATE),
                report.count(EventOutcome.REJECTED),
                report.results().stream()
                        .map(r -> new EventStatus(
                                r.index(), r.eventId(), r.outcome().name().toLowerCase(Locale.ROOT)))
                        .toList(),
                report.rejections());
    }
}
