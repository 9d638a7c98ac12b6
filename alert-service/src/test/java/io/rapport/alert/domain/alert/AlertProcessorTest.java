package io.rapport.alert.domain.alert;

import static io.rapport.alert.domain.rules.Scores.T0;
import static io.rapport.alert.domain.rules.Scores.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.alert.domain.rules.AccountFacts;
import io.rapport.alert.domain.rules.AlertRule;
import io.rapport.alert.domain.rules.RuleDefinition;
import io.rapport.alert.domain.rules.RuleValidator;
import io.rapport.alert.domain.rules.Signal;
import io.rapport.common.event.AlertState;
import io.rapport.common.event.ScoreChangedEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Dedup, redelivery, auto-resolve and the manual lifecycle, against an in-memory store. */
class AlertProcessorTest {
    static final AlertRule BELOW_40 = RuleValidator.validate(new RuleDefinition(
            "below-40",
            "score_below",
            Map.of("threshold", 40),
            "relationship",
            "critical",
            Map.of(),
            "{account} at {score}",
            null,
            List.of(),
            true,
            null));

    final InMemoryStore store = new InMemoryStore();
    final List<Alert> emitted = new ArrayList<>();
    final Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
    final AlertProcessor processor = new AlertProcessor(store, emitted::add, clock);

    List<Alert> apply(ScoreChangedEvent s) {
        return processor.process(
                new Signal.Score(s), AccountFacts.unknown("acc-1").withScore(s), List.of(BELOW_40));
    }

    @Test
    void aConditionThatHoldsAgainFoldsIntoTheOpenAlert() {
        Alert first = apply(score("acc-1", 1, 35, 45.0, Map.of())).get(0);
        Alert second = apply(score("acc-1", 2, 30, 35.0, Map.of())).get(0);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.count()).isEqualTo(2);
        assertThat(second.summary()).isEqualTo("Account acc-1 at 30");
        assertThat(store.alerts).hasSize(1);
    }

    @Test
    void aRedeliveredEventReEmitsWithoutCounting() {
        ScoreChangedEvent s = score("acc-1", 1, 35, 45.0, Map.of());
        apply(s);
        List<Alert> again = apply(s);

        assertThat(again).singleElement().satisfies(a -> {
            assertThat(a.count()).isEqualTo(1);
            assertThat(a.revision()).isEqualTo(1);
        });
        assertThat(emitted).hasSize(2).allSatisfy(a -> assertThat(a.revision()).isEqualTo(1));
    }

    @Test
    void recoveryAutoResolvesAndAFreshBreachIsANewAlert() {
        Alert first = apply(score("acc-1", 1, 35, 45.0, Map.of())).get(0);
        Alert resolved = apply(score("acc-1", 2, 55, 35.0, Map.of())).get(0);
        Alert again = apply(score("acc-1", 3, 20, 55.0, Map.of())).get(0);

        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.resolvedBy()).isEqualTo(AlertProcessor.SYSTEM);
        assertThat(resolved.resolution()).contains("back at or above 40");
        assertThat(resolved.endsAt()).isNotNull();
        assertThat(again.id()).isNotEqualTo(first.id());
        assertThat(again.count()).isEqualTo(1);
    }

    @Test
    void acknowledgeThenResolveRecordWhoAndWhen() {
        Alert alert = apply(score("acc-1", 1, 35, 45.0, Map.of())).get(0);

        Alert acked = processor.acknowledge(alert.id(), "ana");
        assertThat(processor.acknowledge(alert.id(), "bob")).isEqualTo(acked);
        Alert folded = apply(score("acc-1", 2, 33, 35.0, Map.of())).get(0);
        Alert resolved = processor.resolve(alert.id(), "bob", "called the customer");

        assertThat(acked.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(acked.acknowledgedBy()).isEqualTo("ana");
        assertThat(acked.acknowledgedAt()).isEqualTo(clock.instant());
        assertThat(folded.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(folded.count()).isEqualTo(2);
        assertThat(resolved.resolvedBy()).isEqualTo("bob");
        assertThat(resolved.resolution()).isEqualTo("called the customer");
        assertThatThrownBy(() -> processor.acknowledge(alert.id(), "ana")).isInstanceOf(AlertStateException.class);
    }

    @Test
    void quietAlertsOfRulesWithResolveAfterResolve() {
        AlertRule quiet = RuleValidator.validate(new RuleDefinition(
                "quiet",
                "score_below",
                Map.of("threshold", 40),
                "relationship",
                "info",
                Map.of(),
                "x",
                null,
                List.of(),
                true,
                "1h"));
        ScoreChangedEvent s = score("acc-1", 1, 35, 45.0, Map.of());
        processor.process(new Signal.Score(s), AccountFacts.unknown("acc-1").withScore(s), List.of(quiet));
        AlertProcessor later = new AlertProcessor(store, emitted::add, Clock.offset(clock, Duration.ofHours(2)));

        assertThat(later.resolveQuiet(List.of(quiet)))
                .singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
    }

    /** A map-backed store with the Mongo store's semantics (unique open identity, revision guard). */
    static final class InMemoryStore implements AlertStore {
        final Map<String, Alert> alerts = new LinkedHashMap<>();

        public Optional<Alert> findOpen(AlertIdentity identity) {
            return alerts.values().stream()
                    .filter(a -> a.open() && a.identity().equals(identity))
                    .findFirst();
        }

        public List<Alert> findOpen(String accountId, String ruleId) {
            return alerts.values().stream()
                    .filter(a -> a.open()
                            && a.accountId().equals(accountId)
                            && a.ruleId().equals(ruleId))
                    .toList();
        }

        public List<Alert> findByEvent(String accountId, String ruleId, String eventId) {
            return alerts.values().stream()
                    .filter(a -> a.accountId().equals(accountId)
                            && a.ruleId().equals(ruleId)
                            && a.eventIds().contains(eventId))
                    .toList();
        }

        public boolean insert(Alert alert) {
            if (findOpen(alert.identity()).isPresent() || alerts.containsKey(alert.id())) return false;
            alerts.put(alert.id(), alert);
            return true;
        }

        public boolean replace(Alert alert, long expectedRevision) {
            Alert current = alerts.get(alert.id());
            if (current == null || current.revision() != expectedRevision) return false;
            alerts.put(alert.id(), alert);
            return true;
        }

        public Optional<Alert> find(String id) {
            return Optional.ofNullable(alerts.get(id));
        }

        public AlertPage list(AlertQuery q) {
            List<Alert> all = alerts.values().stream()
                    .sorted(Comparator.comparing(Alert::startsAt).reversed())
                    .toList();
            return new AlertPage(all, all.size(), 0, all.size());
        }

        public List<Alert> findForAccounts(java.util.Collection<String> accountIds) {
            return alerts.values().stream()
                    .filter(a -> accountIds.contains(a.accountId()))
                    .toList();
        }

        public List<Alert> findOpenLastSeenBefore(String ruleId, Instant before) {
            return alerts.values().stream()
                    .filter(a -> a.open()
                            && a.ruleId().equals(ruleId)
                            && a.lastSeenAt().isBefore(before))
                    .toList();
        }
    }
}
