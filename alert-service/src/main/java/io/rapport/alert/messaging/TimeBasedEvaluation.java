package io.rapport.alert.messaging;

import io.quarkus.scheduler.Scheduled;
import io.rapport.alert.domain.alert.AlertProcessor;
import io.rapport.alert.domain.rules.AccountFacts;
import io.rapport.alert.domain.rules.Signal;
import io.rapport.alert.store.RuleCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Evaluates the time-based rules (inactivity, invoice overdue, renewal approaching) as the clock
 * moves, for every account with a score, and resolves alerts of rules with {@code resolveAfter}
 * that nothing refreshed. Runs every {@code rapport.alerts.evaluation-every}; an open alert is not
 * counted again by a tick, only opened or resolved.
 */
@ApplicationScoped
public class TimeBasedEvaluation {
    private static final Logger LOG = Logger.getLogger(TimeBasedEvaluation.class);
    private static final int CHUNK = 500;

    private final io.rapport.alert.store.AccountFactsRepository accounts;
    private final SignalHandler signals;
    private final AlertProcessor processor;
    private final RuleCatalog rules;
    private final Clock clock;

    TimeBasedEvaluation(
            io.rapport.alert.store.AccountFactsRepository accounts,
            SignalHandler signals,
            AlertProcessor processor,
            RuleCatalog rules,
            Clock clock) {
        this.accounts = accounts;
        this.signals = signals;
        this.processor = processor;
        this.rules = rules;
        this.clock = clock;
    }

    @Scheduled(
            every = "${rapport.alerts.evaluation-every:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        evaluate();
    }

    /**
     * One pass over every scored account, {@value #CHUNK} accounts at a time (their facts and alerts read
     * once per chunk); returns the number of alert states emitted.
     */
    public int evaluate() {
        Signal.Tick tick = new Signal.Tick(clock.instant());
        AtomicInteger emitted = new AtomicInteger();
        List<String> chunk = new ArrayList<>(CHUNK);
        accounts.forEachScoredAccount(accountId -> {
            chunk.add(accountId);
            if (chunk.size() == CHUNK) {
                emitted.addAndGet(evaluate(chunk, tick));
                chunk.clear();
            }
        });
        if (!chunk.isEmpty()) {
            emitted.addAndGet(evaluate(chunk, tick));
        }
        emitted.addAndGet(processor.resolveQuiet(rules.enabled()).size());
        return emitted.get();
    }

    private int evaluate(List<String> accountIds, Signal.Tick tick) {
        try {
            Map<String, AccountFacts> facts = accounts.loadAll(accountIds);
            return signals.handleAll(accountIds.stream()
                            .map(id -> new SignalHandler.Pending(facts.get(id), tick))
                            .toList())
                    .size();
        } catch (RuntimeException e) {
            LOG.warnf(
                    "time-based evaluation of %d accounts failed (%s); evaluating them one by one",
                    accountIds.size(), e);
        }
        int emitted = 0;
        for (String accountId : accountIds) {
            try {
                emitted += signals.handle(accountId, tick).size();
            } catch (RuntimeException e) {
                LOG.errorf(e, "Time-based evaluation of account %s failed; next pass retries", accountId);
            }
        }
        return emitted;
    }
}
