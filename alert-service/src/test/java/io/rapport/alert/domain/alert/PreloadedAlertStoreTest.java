package io.rapport.alert.domain.alert;

import static io.rapport.alert.domain.alert.AlertProcessorTest.BELOW_40;
import static io.rapport.alert.domain.rules.Scores.T0;
import static io.rapport.alert.domain.rules.Scores.score;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.alert.domain.rules.AccountFacts;
import io.rapport.alert.domain.rules.Signal;
import io.rapport.common.event.AlertState;
import io.rapport.common.event.ScoreChangedEvent;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A batch's alerts read once: same outcomes as one signal at a time, and a refused write reads the store again. */
class PreloadedAlertStoreTest {
    final AlertProcessorTest.InMemoryStore store = new AlertProcessorTest.InMemoryStore();
    final List<Alert> emitted = new ArrayList<>();
    final Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);

    /** Processes the scores as one batch of account acc-1, on alerts read once before it. */
    List<Alert> batch(ScoreChangedEvent... scores) {
        PreloadedAlertStore preloaded = PreloadedAlertStore.load(store, List.of("acc-1"));
        AlertProcessor processor = new AlertProcessor(preloaded, emitted::add, clock);
        List<Alert> out = new ArrayList<>();
        for (ScoreChangedEvent s : scores) {
            out.addAll(processor.process(
                    new Signal.Score(s), AccountFacts.unknown("acc-1").withScore(s), List.of(BELOW_40)));
        }
        return out;
    }

    @Test
    void twoBreachesOfOneRuleInOneBatchAreOneAlertCountedTwice() {
        List<Alert> out = batch(score("acc-1", 1, 35, 45.0, Map.of()), score("acc-1", 2, 30, 35.0, Map.of()));

        assertThat(store.alerts).hasSize(1);
        Alert stored = store.alerts.values().iterator().next();
        assertThat(stored.count()).isEqualTo(2);
        assertThat(stored.revision()).isEqualTo(2);
        assertThat(out).extracting(Alert::revision).containsExactly(1L, 2L);
    }

    @Test
    void aBreachAndItsRecoveryInOneBatchOpenAndResolveTheAlert() {
        batch(score("acc-1", 1, 35, 45.0, Map.of()), score("acc-1", 2, 55, 35.0, Map.of()));

        assertThat(store.alerts.values()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.resolvedBy()).isEqualTo(AlertProcessor.SYSTEM);
        });
    }

    @Test
    void aRedeliveredBatchReEmitsWhatItDidWithoutCountingAgain() {
        ScoreChangedEvent first = score("acc-1", 1, 35, 45.0, Map.of());
        ScoreChangedEvent second = score("acc-1", 2, 30, 35.0, Map.of());
        batch(first, second);
        emitted.clear();

        batch(first, second);

        assertThat(store.alerts.values())
                .singleElement()
                .satisfies(a -> assertThat(a.count()).isEqualTo(2));
        assertThat(emitted).isNotEmpty().allSatisfy(a -> assertThat(a.count()).isLessThanOrEqualTo(2));
    }

    @Test
    void anAlertChangedByOthersAfterTheBatchReadItIsReadAgainFromTheStore() {
        new AlertProcessor(store, a -> {}, clock)
                .process(
                        new Signal.Score(score("acc-1", 1, 35, 45.0, Map.of())),
                        AccountFacts.unknown("acc-1").withScore(score("acc-1", 1, 35, 45.0, Map.of())),
                        List.of(BELOW_40));
        String id = store.alerts.keySet().iterator().next();
        PreloadedAlertStore preloaded = PreloadedAlertStore.load(store, List.of("acc-1"));
        // Someone acknowledges the alert after the batch read it: the batch's copy is out of date.
        new AlertProcessor(store, a -> {}, clock).acknowledge(id, "ana");
        ScoreChangedEvent again = score("acc-1", 2, 30, 35.0, Map.of());

        new AlertProcessor(preloaded, emitted::add, clock)
                .process(new Signal.Score(again), AccountFacts.unknown("acc-1").withScore(again), List.of(BELOW_40));

        Alert stored = store.alerts.get(id);
        assertThat(stored.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(stored.acknowledgedBy()).isEqualTo("ana");
        assertThat(stored.count()).isEqualTo(2);
        assertThat(emitted).singleElement().isEqualTo(stored);
    }

    @Test
    void accountsTheBatchDidNotReadAreReadFromTheStore() {
        PreloadedAlertStore preloaded = PreloadedAlertStore.load(store, List.of("acc-other"));
        ScoreChangedEvent s = score("acc-1", 1, 35, 45.0, Map.of());
        AlertProcessor processor = new AlertProcessor(preloaded, emitted::add, clock);
        processor.process(new Signal.Score(s), AccountFacts.unknown("acc-1").withScore(s), List.of(BELOW_40));
        processor.process(new Signal.Score(s), AccountFacts.unknown("acc-1").withScore(s), List.of(BELOW_40));

        assertThat(store.alerts.values())
                .singleElement()
                .satisfies(a -> assertThat(a.count()).isEqualTo(1));
    }
}
