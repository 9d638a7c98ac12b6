package io.rapport.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.common.event.AccountKind;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreMovementTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    static RelationshipScore score(double v, double e, double s, double r, ScoreBand band, LifecycleStage stage) {
        Map<ComponentKind, ScoreComponent> c = new EnumMap<>(ComponentKind.class);
        c.put(ComponentKind.VALUE, new ScoreComponent(ComponentKind.VALUE, v, 0.25, Map.of(), "v"));
        c.put(ComponentKind.ENGAGEMENT, new ScoreComponent(ComponentKind.ENGAGEMENT, e, 0.25, Map.of(), "e"));
        c.put(ComponentKind.SENTIMENT, new ScoreComponent(ComponentKind.SENTIMENT, s, 0.25, Map.of(), "s"));
        c.put(ComponentKind.RISK, new ScoreComponent(ComponentKind.RISK, r, 0.25, Map.of(), "r"));
        double total = ScoreCalculator.round((v + e + s + r) / 4);
        return new RelationshipScore("acc-1", AccountKind.CUSTOMER, NOW, total, band, stage, c, Map.of());
    }

    static final RelationshipScore BASE = score(80, 60, 70, 90, ScoreBand.HEALTHY, LifecycleStage.ACTIVE);

    @Test
    void anotherLifetimeValueModelIsPublishedEvenWhenTheScoreHoldsStill() {
        ScoreMovement still = ScoreMovement.between(BASE, BASE);
        assertThat(still.publish()).isFalse();

        ScoreMovement refit = still.withModel("clv-v1", "clv-v2");
        assertThat(refit.publish()).isTrue();
        assertThat(refit.reasons()).containsExactly("lifetime-value model clv-v1 -> clv-v2");
        assertThat(ScoreMovement.between(BASE, BASE).withModel(null, "clv-v1").reasons())
                .containsExactly("lifetime-value model none -> clv-v1");
        assertThat(still.withModel("clv-v1", "clv-v1")).isSameAs(still);
        ScoreMovement first = ScoreMovement.between(null, BASE);
        assertThat(first.withModel(null, "clv-v1")).isSameAs(first);
    }

    @Test
    void firstScoreIsPublished() {
        ScoreMovement m = ScoreMovement.between(null, BASE);
        assertThat(m.publish()).isTrue();
        assertThat(m.reasons()).containsExactly("first score");
    }

    @Test
    void movesWithinTheThresholdAreNotPublished() {
        ScoreMovement m =
                ScoreMovement.between(BASE, score(80.5, 61, 69.2, 90, ScoreBand.HEALTHY, LifecycleStage.ACTIVE));
        assertThat(m.publish()).isFalse();
        assertThat(m.reasons()).isEmpty();
        assertThat(m.componentDeltas()).containsEntry(ComponentKind.ENGAGEMENT, 1.0);
    }

    @Test
    void aComponentMovingMoreThanTheThresholdIsPublishedEvenIfTheScoreBarelyMoves() {
        // Engagement +1.5 and sentiment -1.5 cancel out in the score.
        ScoreMovement m =
                ScoreMovement.between(BASE, score(80, 61.5, 68.5, 90, ScoreBand.HEALTHY, LifecycleStage.ACTIVE));
        assertThat(m.publish()).isTrue();
        assertThat(m.scoreDelta()).isZero();
        assertThat(m.reasons()).containsExactly("engagement +1.50", "sentiment -1.50");
    }

    @Test
    void bandOrStageChangeIsPublishedWhateverTheSize() {
        ScoreMovement band = ScoreMovement.between(BASE, score(80, 60, 70, 90, ScoreBand.WATCH, LifecycleStage.ACTIVE));
        assertThat(band.publish()).isTrue();
        assertThat(band.reasons()).containsExactly("band healthy -> watch");
        ScoreMovement stage =
                ScoreMovement.between(BASE, score(80, 60, 70, 90, ScoreBand.HEALTHY, LifecycleStage.RENEWING));
        assertThat(stage.reasons()).containsExactly("stage active -> renewing");
    }

    @Test
    void thresholdIsConfigurable() {
        RelationshipScore next = score(83, 60, 70, 90, ScoreBand.HEALTHY, LifecycleStage.ACTIVE);
        assertThat(ScoreMovement.between(BASE, next).publish()).isTrue();
        assertThat(ScoreMovement.between(BASE, next, 5.0).publish()).isFalse();
        assertThat(ScoreMovement.between(BASE, next, 2.0).reasons()).containsExactly("value +3.00");
    }

    static ScoreSnapshot snap(long daysAgo, double v, double e, double s, double r) {
        Map<ComponentKind, Double> c = new EnumMap<>(ComponentKind.class);
        c.put(ComponentKind.VALUE, v);
        c.put(ComponentKind.ENGAGEMENT, e);
        c.put(ComponentKind.SENTIMENT, s);
        c.put(ComponentKind.RISK, r);
        return new ScoreSnapshot(NOW.minus(Duration.ofDays(daysAgo)), (v + e + s + r) / 4, c);
    }

    @Test
    void biggestMoversOverSevenAndThirtyDays() {
        List<ScoreSnapshot> history = List.of(
                snap(0, 70, 40, 65, 90), // now
                snap(45, 80, 80, 70, 90),
                snap(31, 80, 75, 70, 90), // baseline of the 30-day window
                snap(8, 72, 50, 70, 90), // baseline of the 7-day window
                snap(3, 71, 45, 66, 90),
                snap(-2, 0, 0, 0, 0)); // after now: ignored
        ScoreMovement.BiggestMovers movers = ScoreMovement.biggestMovers(history, NOW);

        assertThat(movers.last30Days())
                .containsExactly(
                        new ComponentMove(ComponentKind.ENGAGEMENT, 75, 40),
                        new ComponentMove(ComponentKind.VALUE, 80, 70),
                        new ComponentMove(ComponentKind.SENTIMENT, 70, 65));
        assertThat(movers.last30Days().get(0).delta()).isEqualTo(-35.0);
        assertThat(movers.last7Days())
                .containsExactly(
                        new ComponentMove(ComponentKind.ENGAGEMENT, 50, 40),
                        new ComponentMove(ComponentKind.SENTIMENT, 70, 65),
                        new ComponentMove(ComponentKind.VALUE, 72, 70));
    }

    @Test
    void shortHistoryUsesItsFirstSnapshotAndSingleSnapshotHasNoMovers() {
        List<ScoreSnapshot> history = List.of(snap(2, 50, 50, 50, 50), snap(0, 50, 58, 50, 47));
        assertThat(ScoreMovement.biggestMovers(history, NOW, Duration.ofDays(30)))
                .containsExactly(
                        new ComponentMove(ComponentKind.ENGAGEMENT, 50, 58),
                        new ComponentMove(ComponentKind.RISK, 50, 47));
        assertThat(ScoreMovement.biggestMovers(List.of(snap(0, 1, 2, 3, 4)), NOW, Duration.ofDays(7)))
                .isEmpty();
    }

    @Test
    void snapshotOfAComputedScoreKeepsItsComponents() {
        assertThat(ScoreSnapshot.of(BASE).components()).containsEntry(ComponentKind.RISK, 90.0);
        assertThat(ScoreSnapshot.of(BASE).at()).isEqualTo(NOW);
    }
}
