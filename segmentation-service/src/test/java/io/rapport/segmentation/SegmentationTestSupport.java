package io.rapport.segmentation;

import io.rapport.common.event.ScoreBand;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.common.testing.EventFixtures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Score events for component tests: the fixture with a chosen account, revision, score and RFM. */
public final class SegmentationTestSupport {
    private SegmentationTestSupport() {}

    public static ScoreChangedEvent score(String accountId, long revision, double score, int r, int f, int m) {
        return score(
                accountId,
                revision,
                score,
                r,
                f,
                m,
                "1000.00",
                EventFixtures.scoreChanged().occurredAt());
    }

    public static ScoreChangedEvent score(
            String accountId, long revision, double score, int r, int f, int m, String predicted, Instant at) {
        ScoreChangedEvent s = EventFixtures.scoreChanged();
        return new ScoreChangedEvent(
                "score-" + accountId + "-r" + revision,
                accountId,
                at,
                s.source(),
                revision,
                score,
                score >= 70 ? ScoreBand.HEALTHY : score >= 40 ? ScoreBand.WATCH : ScoreBand.AT_RISK,
                null,
                null,
                s.components(),
                s.lifecycleStage(),
                null,
                new ScoreChangedEvent.ClvFigures(0.9, 3.0, 365, new BigDecimal(predicted), "EUR"),
                new ScoreChangedEvent.RfmScores(r, f, m),
                s.account(),
                s.indicators(),
                s.cause(),
                "evt-" + accountId + "-" + revision,
                s.modelVersion());
    }

    public static String json(ScoreChangedEvent event) {
        return new String(RapportJson.toBytes(event), StandardCharsets.UTF_8);
    }
}
