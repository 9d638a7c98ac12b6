package io.rapport.scoring.pipeline;

import io.rapport.common.event.ScoreCause;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.scoring.clv.ClvService;
import io.rapport.scoring.domain.AccountState;
import io.rapport.scoring.domain.ComponentKind;
import io.rapport.scoring.domain.LifecycleStage;
import io.rapport.scoring.domain.RelationshipScore;
import io.rapport.scoring.domain.ScoreBand;
import io.rapport.scoring.store.PublishedScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps a computed score and its context to the {@code rapport.scores.v1} contract. */
public final class ScoreEventMapper {
    private ScoreEventMapper() {}

    /** The deterministic id of an account's score revision: a republished revision has the same id. */
    public static String eventId(String accountId, long revision) {
        return "score-" + accountId + "-r" + revision;
    }

    /** The wire band of a domain band. */
    public static io.rapport.common.event.ScoreBand toEvent(ScoreBand band) {
        return io.rapport.common.event.ScoreBand.valueOf(band.name());
    }

    /** The wire stage of a domain stage (same names). */
    public static io.rapport.common.event.LifecycleStage toEvent(LifecycleStage stage) {
        return io.rapport.common.event.LifecycleStage.valueOf(stage.name());
    }

    /** The event publishing {@code score} as {@code revision}, compared with the previous publication. */
    public static ScoreChangedEvent toEvent(
            RelationshipScore score,
            AccountState state,
            PublishedScore previous,
            long revision,
            ScoreCause cause,
            String causingEventId,
            ClvService.AccountClv clv,
            int horizonDays,
            String source) {
        List<ScoreChangedEvent.ComponentValue> components = new ArrayList<>();
        score.components()
                .forEach((kind, c) -> components.add(new ScoreChangedEvent.ComponentValue(
                        kind.wireName(),
                        c.value(),
                        previous == null ? null : previous.components().get(kind),
                        c.weight())));
        Map<String, Double> indicators = new LinkedHashMap<>();
        score.indicators().forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) indicators.put(k, v);
        });
        ScoreChangedEvent.ClvFigures figures = null;
        if (clv != null && !state.currencies().isEmpty()) {
            figures = new ScoreChangedEvent.ClvFigures(
                    clv.pAlive(),
                    clv.expectedTransactions(),
                    horizonDays,
                    clv.predictedValue(),
                    state.currencies().first());
        }
        ScoreChangedEvent.RfmScores rfm = clv == null
                ? null
                : new ScoreChangedEvent.RfmScores(
                        clv.rfm().recency(), clv.rfm().frequency(), clv.rfm().monetary());
        AccountState.AccountProfile p = state.profile();
        ScoreChangedEvent.AccountSnapshot account =
                p == null || p.name() == null || p.name().isBlank()
                        ? null
                        : new ScoreChangedEvent.AccountSnapshot(
                                p.name(), p.kind(), p.industry(), p.region(), p.tier(), p.owningTeam(), p.tags());
        return new ScoreChangedEvent(
                eventId(score.accountId(), revision),
                score.accountId(),
                score.asOf(),
                source,
                revision,
                score.score(),
                toEvent(score.band()),
                previous == null ? null : previous.score(),
                previous == null ? null : toEvent(previous.band()),
                components,
                toEvent(score.stage()),
                previous == null ? null : toEvent(previous.stage()),
                figures,
                rfm,
                account,
                indicators,
                cause,
                causingEventId,
                clv == null ? null : clv.modelVersion());
    }

    /** Component values by wire name, for history documents and API responses. */
    public static Map<String, Double> byName(Map<ComponentKind, Double> values) {
        Map<String, Double> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k.wireName(), v));
        return m;
    }
}
