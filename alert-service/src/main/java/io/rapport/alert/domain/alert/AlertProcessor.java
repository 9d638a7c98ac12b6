package io.rapport.alert.domain.alert;

import io.rapport.alert.domain.rules.AccountFacts;
import io.rapport.alert.domain.rules.AlertRule;
import io.rapport.alert.domain.rules.RuleEvaluator;
import io.rapport.alert.domain.rules.RuleOutcome;
import io.rapport.alert.domain.rules.Signal;
import io.rapport.common.event.AlertState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies rule outcomes to alerts: a firing condition opens an alert or folds into the open one of
 * the same identity, a cleared condition resolves it, people acknowledge and resolve. Every change
 * is stored first, then emitted. A signal whose event an alert already folded in changes nothing
 * and re-emits that alert's current state (the record is being redelivered).
 */
public final class AlertProcessor {
    /** Who resolves an alert whose condition cleared. */
    public static final String SYSTEM = "rapport";

    private static final int ATTEMPTS = 8;

    private final AlertStore store;
    private final AlertSink sink;
    private final Clock clock;

    public AlertProcessor(AlertStore store, AlertSink sink, Clock clock) {
        this.store = store;
        this.sink = sink;
        this.clock = clock;
    }

    /** Evaluates the rules on a signal and applies the outcomes; returns the alerts emitted. */
    public List<Alert> process(Signal signal, AccountFacts facts, List<AlertRule> rules) {
        List<Alert> emitted = new ArrayList<>();
        for (AlertRule rule : rules) {
            List<RuleOutcome> outcomes = RuleEvaluator.evaluate(rule, signal, facts);
            if (outcomes.isEmpty()) {
                continue;
            }
            List<Alert> already = signal.eventId() == null
                    ? List.of()
                    : store.findByEvent(facts.accountId(), rule.id(), signal.eventId());
            for (RuleOutcome outcome : outcomes) {
                if (outcome instanceof RuleOutcome.Fire fire) {
                    Optional<Alert> seen = already.stream()
                            .filter(a -> a.reasonKey().equals(fire.reasonKey()))
                            .findFirst();
                    if (seen.isPresent()) {
                        emit(seen.get(), emitted);
                    } else {
                        fire(rule, facts, fire, signal).ifPresent(a -> emit(a, emitted));
                    }
                } else if (outcome instanceof RuleOutcome.Clear clear) {
                    already.stream()
                            .filter(a -> a.state() == AlertState.RESOLVED && matches(a, clear))
                            .forEach(a -> emit(a, emitted));
                    for (Alert open : store.findOpen(facts.accountId(), rule.id())) {
                        if (matches(open, clear)) {
                            resolve(open.id(), SYSTEM, "condition cleared: " + clear.why(), signal.eventId())
                                    .ifPresent(a -> emit(a, emitted));
                        }
                    }
                }
            }
        }
        return emitted;
    }

    /** Acknowledges an open alert on behalf of {@code who}. */
    public Alert acknowledge(String alertId, String who) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Alert current = store.find(alertId).orElseThrow(() -> new AlertNotFoundException(alertId));
            Alert next = AlertLifecycle.acknowledge(current, who, now());
            if (next == current) {
                return current;
            }
            if (store.replace(next, current.revision())) {
                sink.emit(next);
                return next;
            }
        }
        throw new IllegalStateException("alert " + alertId + " kept changing; try again");
    }

    /** Resolves an alert on behalf of {@code who}; resolving a resolved alert returns it unchanged. */
    public Alert resolve(String alertId, String who, String comment) {
        Alert current = store.find(alertId).orElseThrow(() -> new AlertNotFoundException(alertId));
        if (!current.open()) {
            return current;
        }
        return resolve(alertId, who, comment == null || comment.isBlank() ? "resolved by " + who : comment, null)
                .orElseGet(() -> store.find(alertId).orElseThrow());
    }

    /** Resolves open alerts of rules with {@code resolveAfter} that nothing refreshed for that long. */
    public List<Alert> resolveQuiet(List<AlertRule> rules) {
        List<Alert> emitted = new ArrayList<>();
        Instant now = now();
        for (AlertRule rule : rules) {
            if (rule.resolveAfter() == null) {
                continue;
            }
            for (Alert alert : store.findOpenLastSeenBefore(rule.id(), now.minus(rule.resolveAfter()))) {
                resolve(alert.id(), SYSTEM, "no new occurrence for " + rule.resolveAfter(), null)
                        .ifPresent(a -> emit(a, emitted));
            }
        }
        return emitted;
    }

    private Optional<Alert> fire(AlertRule rule, AccountFacts facts, RuleOutcome.Fire fire, Signal signal) {
        AlertIdentity identity = new AlertIdentity(facts.accountId(), rule.id(), fire.reasonKey());
        RuleEvaluator.Rendered rendered = RuleEvaluator.render(rule, facts, fire, signal.eventId());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = now();
            Optional<Alert> open = store.findOpen(identity);
            if (open.isEmpty()) {
                Alert created = AlertLifecycle.open(identity, rule, rendered, signal.eventId(), now);
                if (store.insert(created)) {
                    return Optional.of(created);
                }
            } else {
                if (signal instanceof Signal.Tick) {
                    // Time passing is not a new occurrence: the open alert stands as it is.
                    return Optional.empty();
                }
                Alert updated = AlertLifecycle.recur(open.get(), rendered, signal.eventId(), now);
                if (store.replace(updated, open.get().revision())) {
                    return Optional.of(updated);
                }
            }
        }
        throw new IllegalStateException("alert " + identity.key() + " kept changing; giving up this attempt");
    }

    private Optional<Alert> resolve(String alertId, String who, String why, String eventId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Alert> current = store.find(alertId);
            if (current.isEmpty() || !current.get().open()) {
                return Optional.empty();
            }
            Alert resolved = AlertLifecycle.resolve(current.get(), who, why, eventId, now());
            if (store.replace(resolved, current.get().revision())) {
                return Optional.of(resolved);
            }
        }
        throw new IllegalStateException("alert " + alertId + " kept changing; giving up this attempt");
    }

    // Milliseconds: what the store keeps, so a re-emitted state carries the very same times.
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean matches(Alert alert, RuleOutcome.Clear clear) {
        return clear.reasonKey() == null || clear.reasonKey().equals(alert.reasonKey());
    }

    private void emit(Alert alert, List<Alert> emitted) {
        sink.emit(alert);
        emitted.add(alert);
    }
}
