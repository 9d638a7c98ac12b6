package io.rapport.alert.messaging;

import io.rapport.alert.domain.alert.Alert;
import io.rapport.alert.domain.alert.AlertProcessor;
import io.rapport.alert.domain.alert.AlertStore;
import io.rapport.alert.domain.alert.PreloadedAlertStore;
import io.rapport.alert.domain.rules.AccountFacts;
import io.rapport.alert.domain.rules.AlertRule;
import io.rapport.alert.domain.rules.Signal;
import io.rapport.alert.store.AccountFactsRepository;
import io.rapport.alert.store.RuleCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Evaluates the enabled rules that react to a signal on the account's facts, and applies the outcomes. */
@ApplicationScoped
public class SignalHandler {
    private final RuleCatalog rules;
    private final AccountFactsRepository accounts;
    private final AlertProcessor processor;
    private final AlertStore store;
    private final KafkaAlertSink sink;
    private final Clock clock;

    SignalHandler(
            RuleCatalog rules,
            AccountFactsRepository accounts,
            AlertProcessor processor,
            AlertStore store,
            KafkaAlertSink sink,
            Clock clock) {
        this.rules = rules;
        this.accounts = accounts;
        this.processor = processor;
        this.store = store;
        this.sink = sink;
        this.clock = clock;
    }

    /** A signal of a batch and the facts its rules are evaluated on. */
    public record Pending(AccountFacts facts, Signal signal) {}

    /** Handles a signal for an account whose facts are loaded from the store. */
    public List<Alert> handle(String accountId, Signal signal) {
        List<AlertRule> relevant = relevant(signal);
        if (relevant.isEmpty()) {
            return List.of();
        }
        return processor.process(signal, accounts.load(accountId), relevant);
    }

    /** Handles a signal on facts the caller already has. */
    public List<Alert> handle(AccountFacts facts, Signal signal) {
        List<AlertRule> relevant = relevant(signal);
        return relevant.isEmpty() ? List.of() : processor.process(signal, facts, relevant);
    }

    /**
     * Handles a batch of signals in order, as {@link #handle(AccountFacts, Signal)} would one by one, but
     * reads the alerts of the batch's accounts once (writes stay single, guarded documents) and publishes
     * the alert states together: the broker's acks are awaited once, then the notices fire in order.
     * Returns the alert states emitted.
     */
    public List<Alert> handleAll(List<Pending> batch) {
        Set<String> accountIds = new LinkedHashSet<>();
        for (Pending p : batch) {
            if (!relevant(p.signal()).isEmpty()) {
                accountIds.add(p.facts().accountId());
            }
        }
        if (accountIds.isEmpty()) {
            return List.of();
        }
        KafkaAlertSink.Batch out = sink.batch();
        AlertProcessor batchProcessor = new AlertProcessor(PreloadedAlertStore.load(store, accountIds), out, clock);
        List<Alert> emitted = new ArrayList<>();
        for (Pending p : batch) {
            List<AlertRule> relevant = relevant(p.signal());
            if (!relevant.isEmpty()) {
                emitted.addAll(batchProcessor.process(p.signal(), p.facts(), relevant));
            }
        }
        out.flush();
        return emitted;
    }

    private List<AlertRule> relevant(Signal signal) {
        return rules.enabled().stream()
                .filter(r -> r.type().signals().contains(signal.kind()))
                .toList();
    }
}
