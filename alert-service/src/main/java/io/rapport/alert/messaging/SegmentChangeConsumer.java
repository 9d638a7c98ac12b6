package io.rapport.alert.messaging;

import io.rapport.alert.domain.rules.Signal;
import io.rapport.alert.store.AccountFactsRepository;
import io.rapport.common.event.SegmentChangedEvent;
import io.rapport.common.runtime.PayloadReader;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Evaluates the segment entered/left rules on membership changes, a poll at a time (the accounts' facts
 * and alerts read once per poll); poison records are dead-lettered one by one.
 */
@ApplicationScoped
public class SegmentChangeConsumer {
    private final PayloadReader reader;
    private final SignalHandler signals;
    private final AccountFactsRepository accounts;
    private final RecordBatches batches;

    SegmentChangeConsumer(
            PayloadReader reader, SignalHandler signals, AccountFactsRepository accounts, RecordBatches batches) {
        this.reader = reader;
        this.signals = signals;
        this.accounts = accounts;
        this.batches = batches;
    }

    @Incoming("segment-changes")
    @Blocking
    public void onSegmentChanges(ConsumerRecords<String, String> records) {
        batches.process(
                records,
                p -> reader.read(p, SegmentChangedEvent.class),
                this::onBatch,
                change -> signals.handle(change.accountId(), new Signal.Segment(change)));
    }

    private void onBatch(List<SegmentChangedEvent> changes) {
        Map<String, io.rapport.alert.domain.rules.AccountFacts> facts = accounts.loadAll(
                changes.stream().map(SegmentChangedEvent::accountId).distinct().toList());
        signals.handleAll(changes.stream()
                .map(c -> new SignalHandler.Pending(facts.get(c.accountId()), new Signal.Segment(c)))
                .toList());
    }
}
