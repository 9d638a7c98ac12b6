package io.rapport.alert.domain.rules;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.LifecycleStage;
import io.rapport.common.event.ScoreBand;
import io.rapport.common.event.ScoreCause;
import io.rapport.common.event.ScoreChangedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds scores for rule tests. */
public final class Scores {
    public static final Instant T0 = Instant.parse("2026-03-12T10:00:00Z");

    private Scores() {}

    public static ScoreChangedEvent score(
            String accountId, long revision, double score, Double previous, Map<String, Double> indicators) {
        return score(accountId, revision, score, previous, indicators, AccountKind.CUSTOMER, "key", 0.9, T0);
    }

    public static ScoreChangedEvent score(
            String accountId,
            long revision,
            double score,
            Double previous,
            Map<String, Double> indicators,
            AccountKind kind,
            String tier,
            double pAlive,
            Instant at) {
        return new ScoreChangedEvent(
                "score-" + accountId + "-r" + revision,
                accountId,
                at,
                "scoring-service",
                revision,
                score,
                band(score),
                previous,
                previous == null ? null : band(previous),
                List.of(
                        new ScoreChangedEvent.ComponentValue("engagement", score, previous, 0.5),
                        new ScoreChangedEvent.ComponentValue("value", 70, 70.0, 0.5)),
                LifecycleStage.ACTIVE,
                null,
                new ScoreChangedEvent.ClvFigures(pAlive, 3, 365, new BigDecimal("1000.00"), "EUR"),
                null,
                new ScoreChangedEvent.AccountSnapshot(
                        "Account " + accountId, kind, "logistics", "DACH", tier, "team", List.of()),
                indicators,
                ScoreCause.EVENT,
                "cause-" + revision,
                "test");
    }

    public static ScoreBand band(double score) {
        return score >= 70 ? ScoreBand.HEALTHY : score >= 40 ? ScoreBand.WATCH : ScoreBand.AT_RISK;
    }
}
