package io.rapport.alert.messaging;

import io.rapport.alert.domain.alert.Alert;
import io.rapport.alert.domain.alert.AlertProcessor;
import io.rapport.alert.domain.rules.AccountFacts;
import io.rapport.alert.domain.rules.AlertRule;
import io.rapport.alert.domain.rules.Signal;
import io.rapport.alert.store.AccountFactsRepository;
import io.rapport.alert.store.RuleCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Evaluates the enabled rules that react to a signal on the account's facts, and applies the outcomes. */
@ApplicationScoped
public class SignalHandler {
    private final RuleCatalog rules;
    private final AccountFactsRepository accounts;
    private final AlertProcessor processor;

    SignalHandler(RuleCatalog rules, AccountFactsRepository accounts, AlertProcessor processor) {
        this.rules = rules;
        this.accounts = accounts;
        this.processor = processor;
    }

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

    private List<AlertRule> relevant(Signal signal) {
        return rules.enabled().stream()
                .filter(r -> r.type().signals().contains(signal.kind()))
                .toList();
    }
}
