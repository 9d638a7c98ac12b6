package io.rapport.scoring.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rapport.common.event.RapportEvent;
import io.rapport.scoring.pipeline.ScoringPipeline;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes interactions, transactions and account events in batches (one poll at a time, in order),
 * parsed and validated as they were polled ({@link EventPayloadDeserializer}): dead-letters the records
 * that do not parse or validate, or whose event belongs to another key or topic (each with its own reason and
 * origin in headers, so the rest of the batch flows on), groups the others by account and hands them to
 * the {@link ScoringPipeline}, which reads and writes the affected accounts once per batch. The batch is
 * acknowledged (its offsets committed) only after its states, dead letters and scores are stored and
 * published: at-least-once delivery, made idempotent by the state's event-id dedup.
 */
@ApplicationScoped
public class EventBatchConsumer {
    /** Dead-letter reasons, the values of the {@code reason} metric tag. */
    public static final List<String> REASONS =
            List.of("unparseable", "invalid", "key_mismatch", "wrong_topic", "unsupported");

    private final ScoringPipeline pipeline;
    private final RecordPublisher publisher;
    private final MeterRegistry metrics;
    private final Timer batchTimer;

    EventBatchConsumer(ScoringPipeline pipeline, RecordPublisher publisher, MeterRegistry metrics) {
        this.pipeline = pipeline;
        this.publisher = publisher;
        this.metrics = metrics;
        for (String outcome : List.of("applied", "duplicate", "dead_lettered")) {
            metrics.counter("scoring.events", "outcome", outcome);
        }
        for (String reason : REASONS) metrics.counter("scoring.dead_letters", "reason", reason);
        this.batchTimer = Timer.builder("scoring.batch").register(metrics);
    }

    @Incoming("events")
    @Blocking
    public void onBatch(ConsumerRecords<String, ReadPayload> records) {
        batchTimer.record(() -> process(records));
    }

    void process(Iterable<ConsumerRecord<String, ReadPayload>> records) {
        // The values were parsed and validated as they were polled (EventPayloadDeserializer).
        Map<String, List<RapportEvent>> byAccount = new LinkedHashMap<>();
        List<RecordPublisher.DeadLetter> dead = new ArrayList<>();
        List<String> deadReasons = new ArrayList<>();
        for (ConsumerRecord<String, ReadPayload> r : records) {
            ReadPayload read = check(r);
            if (read.event() != null) {
                byAccount
                        .computeIfAbsent(read.event().accountId(), k -> new ArrayList<>())
                        .add(read.event());
                continue;
            }
            dead.add(new RecordPublisher.DeadLetter(
                    r.topic(), r.partition(), r.offset(), r.key(), read.rawText(), read.reason()));
            deadReasons.add(read.tag());
        }
        if (!dead.isEmpty()) {
            publisher.publishDeadLetters(dead);
            for (String tag : deadReasons)
                metrics.counter("scoring.dead_letters", "reason", tag).increment();
            metrics.counter("scoring.events", "outcome", "dead_lettered").increment(dead.size());
        }
        if (byAccount.isEmpty()) return;
        ScoringPipeline.Outcome outcome = pipeline.apply(byAccount);
        metrics.counter("scoring.events", "outcome", "applied").increment(outcome.applied());
        metrics.counter("scoring.events", "outcome", "duplicate").increment(outcome.duplicates());
    }

    /** The record's payload, refused when its event belongs to another key or topic. */
    private static ReadPayload check(ConsumerRecord<String, ReadPayload> r) {
        ReadPayload read = r.value();
        if (read == null) return ReadPayload.refused(null, "invalid", "empty payload");
        RapportEvent event = read.event();
        if (event == null) return read;
        if (!Objects.equals(r.key(), event.accountId())) {
            return ReadPayload.refused(
                    read.raw(),
                    "key_mismatch",
                    "record key '" + r.key() + "' is not the event's accountId '" + event.accountId() + "'");
        }
        if (!event.type().topic().equals(r.topic())) {
            return ReadPayload.refused(
                    read.raw(),
                    "wrong_topic",
                    "type " + event.type().wireName() + " belongs on "
                            + event.type().topic());
        }
        return read;
    }
}
