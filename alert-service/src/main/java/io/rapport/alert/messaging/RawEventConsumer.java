package io.rapport.alert.messaging;

import io.rapport.alert.domain.rules.AccountFacts;
import io.rapport.alert.domain.rules.Signal;
import io.rapport.alert.store.AccountFactsRepository;
import io.rapport.common.event.AccountEvent;
import io.rapport.common.event.InteractionEvent;
import io.rapport.common.event.Interactions;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.TransactionEvent;
import io.rapport.common.event.Transactions;
import io.rapport.common.runtime.InvalidPayloadException;
import io.rapport.common.runtime.PayloadReader;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Evaluates the raw-event rules (detractor survey, complaint, delivery delayed, quality incident,
 * large order, renewal approaching) on interactions and transactions as ingest published them, and
 * keeps the account attributes and pending renewals rules need. Event types no rule reads are
 * skipped without a store round trip; poison records are dead-lettered. Interactions are consumed a poll
 * at a time (the accounts' facts and alerts read once per poll, {@link RecordBatches}).
 */
@ApplicationScoped
public class RawEventConsumer {
    private final PayloadReader reader;
    private final AccountFactsRepository accounts;
    private final SignalHandler signals;
    private final RecordBatches batches;

    RawEventConsumer(
            PayloadReader reader, AccountFactsRepository accounts, SignalHandler signals, RecordBatches batches) {
        this.reader = reader;
        this.accounts = accounts;
        this.signals = signals;
        this.batches = batches;
    }

    @Incoming("interactions")
    @Blocking
    public void onInteractions(ConsumerRecords<String, String> records) {
        batches.process(records, this::interaction, this::onInteractionBatch, this::onInteraction);
    }

    private InteractionEvent interaction(String payload) {
        if (!(reader.read(payload, RapportEvent.class) instanceof InteractionEvent event)) {
            throw new InvalidPayloadException("type: not an interaction event");
        }
        return event;
    }

    private static boolean ruleRelevant(InteractionEvent event) {
        return event instanceof Interactions.SurveyResponse
                || event instanceof Interactions.Complaint
                || event instanceof Interactions.DeliveryDelayed
                || event instanceof Interactions.QualityIncident;
    }

    /** A poll's interactions: the facts and alerts of the accounts read once, the rules on each in order. */
    private void onInteractionBatch(List<InteractionEvent> events) {
        List<InteractionEvent> relevant =
                events.stream().filter(RawEventConsumer::ruleRelevant).toList();
        if (relevant.isEmpty()) {
            return;
        }
        Map<String, AccountFacts> facts = accounts.loadAll(
                relevant.stream().map(InteractionEvent::accountId).distinct().toList());
        signals.handleAll(relevant.stream()
                .map(e -> new SignalHandler.Pending(facts.get(e.accountId()), new Signal.Interaction(e)))
                .toList());
    }

    private void onInteraction(InteractionEvent event) {
        if (ruleRelevant(event)) {
            signals.handle(event.accountId(), new Signal.Interaction(event));
        }
    }

    @Incoming("transactions")
    @Blocking
    public void onTransaction(String payload) {
        if (!(reader.read(payload, RapportEvent.class) instanceof TransactionEvent event)) {
            throw new InvalidPayloadException("type: not a transaction event");
        }
        if (event instanceof Transactions.ContractRenewalDue renewal) {
            accounts.recordRenewal(renewal);
        }
        if (event instanceof Transactions.Order || event instanceof Transactions.ContractRenewalDue) {
            signals.handle(event.accountId(), new Signal.Transaction(event));
        }
    }

    @Incoming("accounts")
    @Blocking
    public void onAccount(String payload) {
        if (!(reader.read(payload, RapportEvent.class) instanceof AccountEvent account)) {
            throw new InvalidPayloadException("type: not an account event");
        }
        accounts.recordAccount(account);
    }
}
