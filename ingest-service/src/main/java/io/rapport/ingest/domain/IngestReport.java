package io.rapport.ingest.domain;

import java.util.List;

/** The result of one request: the outcome of every event and the counts by outcome. */
public record IngestReport(List<EventResult> results, List<Rejection> rejections) {

    /** The outcome of the event at {@code index}; {@code type} is the declared type, null if none. */
    public record EventResult(int index, String eventId, String type, EventOutcome outcome) {}

    public IngestReport {
        results = List.copyOf(results);
        rejections = List.copyOf(rejections);
    }

    public long count(EventOutcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** True when some valid event was not written because Kafka did not acknowledge it. */
    public boolean incomplete() {
        return count(EventOutcome.NOT_WRITTEN) > 0;
    }
}
