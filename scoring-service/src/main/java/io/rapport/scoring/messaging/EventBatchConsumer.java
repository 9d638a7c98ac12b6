package io.rapport.scoring.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.runtime.InvalidPayloadException;
import io.rapport.common.runtime.PayloadReader;
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
 * Consumes interactions, transactions and account events in batches (one poll at a time, in order):
 * parses every record, dead-letters those that do not parse or validate (each with its own reason and
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

    private final PayloadReader reader;
    private final ScoringPipeline pipeline;
    private final RecordPublisher publisher;
    private final MeterRegistry metrics;
    private final Timer batchTimer;

    EventBatchConsumer(
            PayloadReader reader, ScoringPipeline pipeline, RecordPublisher publisher, MeterRegistry metrics) {
        this.reader = reader;
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
    public void onBatch(ConsumerRecords<String, String> records) {
        batchTimer.record(() -> process(records));
    }

    void process(Iterable<ConsumerRecord<String, String>> records) {
        Map<String, List<RapportEvent>> byAccount = new LinkedHashMap<>();
        List<RecordPublisher.DeadLetter> dead = new ArrayList<>();
        List<String> deadReasons = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            String reason;
            String tag;
            try {
                RapportEvent event = reader.read(r.value(), RapportEvent.class);
                if (!Objects.equals(r.key(), event.accountId())) {
                    tag = "key_mismatch";
                    reason = "record key '" + r.key() + "' is not the event's accountId '" + event.accountId() + "'";
                } else if (!event.type().topic().equals(r.topic())) {
                    tag = "wrong_topic";
                    reason = "type " + event.type().wireName() + " belongs on "
                            + event.type().topic();
                } else {
                    byAccount
                            .computeIfAbsent(event.accountId(), k -> new ArrayList<>())
                            .add(event);
                    continue;
                }
            } catch (InvalidPayloadException e) {
                tag = e.getCause() == null ? "invalid" : "unparseable";
                reason = e.getMessage();
            } catch (RuntimeException e) {
                tag = "unsupported";
                reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            dead.add(new RecordPublisher.DeadLetter(r.topic(), r.partition(), r.offset(), r.key(), r.value(), reason));
            deadReasons.add(tag);
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
}
