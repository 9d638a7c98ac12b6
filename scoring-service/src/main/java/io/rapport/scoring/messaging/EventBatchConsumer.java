package io.rapport.scoring.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.runtime.InvalidPayloadException;
import io.rapport.common.runtime.PayloadReader;
import io.rapport.scoring.pipeline.BatchWorkers;
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
    private final BatchWorkers workers;
    private final MeterRegistry metrics;
    private final Timer batchTimer;

    EventBatchConsumer(
            PayloadReader reader,
            ScoringPipeline pipeline,
            RecordPublisher publisher,
            BatchWorkers workers,
            MeterRegistry metrics) {
        this.reader = reader;
        this.pipeline = pipeline;
        this.publisher = publisher;
        this.workers = workers;
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

    /** A record read: its event, or why it goes to the dead-letter topic. */
    private record Read(RapportEvent event, String tag, String reason) {}

    void process(Iterable<ConsumerRecord<String, String>> records) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        records.forEach(all::add);
        // Parsing and validation take most of a batch's CPU; the records are read on the batch's workers.
        List<Read> reads = workers.map(all, this::read);
        Map<String, List<RapportEvent>> byAccount = new LinkedHashMap<>();
        List<RecordPublisher.DeadLetter> dead = new ArrayList<>();
        List<String> deadReasons = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Read read = reads.get(i);
            if (read.event() != null) {
                byAccount
                        .computeIfAbsent(read.event().accountId(), k -> new ArrayList<>())
                        .add(read.event());
                continue;
            }
            ConsumerRecord<String, String> r = all.get(i);
            dead.add(new RecordPublisher.DeadLetter(
                    r.topic(), r.partition(), r.offset(), r.key(), r.value(), read.reason()));
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

    private Read read(ConsumerRecord<String, String> r) {
        try {
            RapportEvent event = reader.read(r.value(), RapportEvent.class);
            if (!Objects.equals(r.key(), event.accountId())) {
                return new Read(
                        null,
                        "key_mismatch",
                        "record key '" + r.key() + "' is not the event's accountId '" + event.accountId() + "'");
            }
            if (!event.type().topic().equals(r.topic())) {
                return new Read(
                        null,
                        "wrong_topic",
                        "type " + event.type().wireName() + " belongs on "
                                + event.type().topic());
            }
            return new Read(event, null, null);
        } catch (InvalidPayloadException e) {
            return new Read(null, e.getCause() == null ? "invalid" : "unparseable", e.getMessage());
        } catch (RuntimeException e) {
            return new Read(null, "unsupported", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
