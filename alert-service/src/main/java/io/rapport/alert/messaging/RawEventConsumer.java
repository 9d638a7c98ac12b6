package io.rapport.alert.messaging;

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
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Evaluates the raw-event rules (detractor survey, complaint, delivery delayed, quality incident,
 * large order, renewal approaching) on interactions and transactions as ingest published them, and
 * keeps the account attributes and pending renewals rules need. Event types no rule reads are
 * skipped without a store round trip; poison records are dead-lettered.
 */
@ApplicationScoped
public class RawEventConsumer {
    private final PayloadReader reader;
    private final AccountFactsRepository accounts;
    private final SignalHandler signals;

    RawEventConsumer(PayloadReader reader, AccountFactsRepository accounts, SignalHandler signals) {
        this.reader = reader;
        this.accounts = accounts;
        this.signals = signals;
    }

    @Incoming("interactions")
    @Blocking
    public void onInteraction(String payload) {
        if (!(reader.read(payload, RapportEvent.class) instanceof InteractionEvent event)) {
            throw new InvalidPayloadException("type: not an interaction event");
        }
        if (event instanceof Interactions.SurveyResponse
                || event instanceof Interactions.Complaint
                || event instanceof Interactions.DeliveryDelayed
                || event instanceof Interactions.QualityIncident) {
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
