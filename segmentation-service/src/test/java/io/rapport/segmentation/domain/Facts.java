package io.rapport.segmentation.domain;

import io.rapport.common.event.ScoreBand;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.testing.EventFixtures;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Hand-made account facts for domain tests, from the score fixture with chosen figures. */
final class Facts {
    private Facts() {}

    static ScoreChangedEvent score(String accountId, double score, int r, int f, int m, String predictedValue) {
        ScoreChangedEvent s = EventFixtures.scoreChanged();
        return new ScoreChangedEvent(
                "score-" + accountId,
                accountId,
                s.occurredAt(),
                s.source(),
                1,
                score,
                score >= 70 ? ScoreBand.HEALTHY : score >= 40 ? ScoreBand.WATCH : ScoreBand.AT_RISK,
                null,
                null,
                s.components(),
                s.lifecycleStage(),
                null,
                predictedValue == null
                        ? null
                        : new ScoreChangedEvent.ClvFigures(0.9, 3.0, 365, new BigDecimal(predictedValue), "EUR"),
                r == 0 ? null : new ScoreChangedEvent.RfmScores(r, f, m),
                s.account(),
                s.indicators(),
                s.cause(),
                null,
                null);
    }

    static AccountFacts rfm(int r, int f, int m) {
        return AccountFacts.of(score("acc-" + r + f + m, 60, r, f, m, "100.00"), ValueThresholds.NONE, List.of());
    }

    static AccountFacts fixture() {
        return AccountFacts.of(EventFixtures.scoreChanged(), ValueThresholds.NONE, List.of());
    }

    static Instant at(String iso) {
        return Instant.parse(iso);
    }
}
