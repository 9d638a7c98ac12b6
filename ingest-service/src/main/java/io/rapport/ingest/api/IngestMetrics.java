package io.rapport.ingest.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.rapport.common.event.EventType;
import io.rapport.ingest.domain.EventOutcome;
import io.rapport.ingest.domain.IngestReport;
import io.rapport.ingest.domain.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingest metrics: {@code ingest.events{type,outcome,reason}} and {@code
 * ingest.request.size{format}}. Every tag takes values from a fixed set (an unknown type counts as
 * {@code unknown}, a free-text reason is classified), and every series is registered at start so
 * dashboards show zeros rather than gaps.
 */
@ApplicationScoped
public class IngestMetrics {
    static final String EVENTS = "ingest.events";
    static final String REQUEST_SIZE = "ingest.request.size";
    static final String UNKNOWN_TYPE = "unknown";
    static final String NO_REASON = "none";

    /** Why an event was rejected, as a bounded tag value. */
    enum Reason {
        MALFORMED_JSON,
        TRUNCATED_JSON,
        UNKNOWN_TYPE,
        MISSING_FIELD,
        UNKNOWN_FIELD,
        WRONG_TYPE,
        INVALID_TIMESTAMP,
        FUTURE_TIMESTAMP,
        INVALID_CURRENCY,
        TOO_LONG,
        OUT_OF_RANGE,
        INVALID_VALUE,
        LINE_TOO_LONG,
        INVALID_CLOUDEVENT,
        OTHER;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The request formats, as {@code format} tag values of the request size. */
    static final List<String> FORMATS = List.of("json", "batch", "ndjson", "cloudevents", "cloudevents-batch");

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> sizes = new HashMap<>();

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String format : FORMATS) {
            sizes.put(
                    format,
                    DistributionSummary.builder(REQUEST_SIZE)
                            .description("Size of ingest request bodies")
                            .baseUnit("bytes")
                            .tag("format", format)
                            .publishPercentileHistogram()
                            .minimumExpectedValue(100.0)
                            .maximumExpectedValue(1e9)
                            .register(registry));
        }
    }

    void registerKnownSeries(@Observes StartupEvent event) {
        List<String> types = new ArrayList<>();
        for (EventType type : EventType.values()) {
            types.add(type.wireName());
        }
        types.add(UNKNOWN_TYPE);
        for (String type : types) {
            for (EventOutcome outcome : EventOutcome.values()) {
                if (outcome == EventOutcome.REJECTED) {
                    for (Reason reason : Reason.values()) {
                        counter(type, outcome, reason.tag());
                    }
                } else {
                    counter(type, outcome, NO_REASON);
                }
            }
        }
    }

    /** Counts every event of a (part of a) request by type, outcome and, for rejections, reason. */
    void record(IngestReport report) {
        Map<Integer, Rejection> firstRejection = new HashMap<>();
        for (Rejection rejection : report.rejections()) {
            firstRejection.putIfAbsent(rejection.index(), rejection);
        }
        for (IngestReport.EventResult result : report.results()) {
            String type = result.type() != null
                            && EventType.fromWireName(result.type()).isPresent()
                    ? result.type()
                    : UNKNOWN_TYPE;
            String reason = NO_REASON;
            if (result.outcome() == EventOutcome.REJECTED) {
                Rejection rejection = firstRejection.get(result.index());
                reason = rejection == null
                        ? Reason.OTHER.tag()
                        : classify(rejection).tag();
            }
            counter(type, result.outcome(), reason).increment();
        }
    }

    /** Records the size of one request body. */
    void requestSize(String format, long bytes) {
        DistributionSummary summary = sizes.get(format);
        if (summary != null) {
            summary.record(bytes);
        }
    }

    private Counter counter(String type, EventOutcome outcome, String reason) {
        String outcomeTag = outcome.name().toLowerCase(Locale.ROOT);
        return counters.computeIfAbsent(
                type + '|' + outcomeTag + '|' + reason,
                key -> Counter.builder(EVENTS)
                        .description("Events received, by type, outcome and rejection reason")
                        .tag("type", type)
                        .tag("outcome", outcomeTag)
                        .tag("reason", reason)
                        .register(registry));
    }

    /** Classifies a rejection's free-text reason into the bounded set of tag values. */
    static Reason classify(Rejection rejection) {
        String reason = rejection.reason() == null ? "" : rejection.reason();
        String field = rejection.field() == null ? "" : rejection.field();
        if (reason.startsWith("truncated")) {
            return Reason.TRUNCATED_JSON;
        }
        if (reason.startsWith("malformed") || reason.contains("must be a JSON object")) {
            return Reason.MALFORMED_JSON;
        }
        if (reason.startsWith("line longer")) {
            return Reason.LINE_TOO_LONG;
        }
        if (reason.contains("unknown event type") || reason.contains("missing event type")) {
            return Reason.UNKNOWN_TYPE;
        }
        if (field.equals("specversion") || field.equals("datacontenttype") || reason.contains("differs from")) {
            return Reason.INVALID_CLOUDEVENT;
        }
        if (reason.equals("is required")
                || reason.startsWith("is required")
                || reason.equals("must not be null")
                || reason.equals("must not be blank")
                || reason.equals("must not be empty")) {
            return Reason.MISSING_FIELD;
        }
        if (reason.startsWith("unknown field")) {
            return Reason.UNKNOWN_FIELD;
        }
        if (reason.contains("in the future")) {
            return Reason.FUTURE_TIMESTAMP;
        }
        if (reason.contains("ISO-8601")) {
            return reason.startsWith("must be") ? Reason.WRONG_TYPE : Reason.INVALID_TIMESTAMP;
        }
        if (reason.startsWith("wrong type") || reason.contains(", not ")) {
            return Reason.WRONG_TYPE;
        }
        if (reason.contains("currency")) {
            return Reason.INVALID_CURRENCY;
        }
        if (reason.startsWith("size must be")) {
            return Reason.TOO_LONG;
        }
        if (reason.startsWith("must be greater")
                || reason.startsWith("must be less")
                || reason.startsWith("must be between")
                || reason.startsWith("numeric value out of bounds")) {
            return Reason.OUT_OF_RANGE;
        }
        if (reason.startsWith("invalid value") || reason.startsWith("must be")) {
            return Reason.INVALID_VALUE;
        }
        return Reason.OTHER;
    }
}
