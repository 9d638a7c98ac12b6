package io.rapport.scoring.store;

import io.rapport.common.event.AccountKind;
import io.rapport.scoring.domain.ComponentKind;
import io.rapport.scoring.domain.LifecycleStage;
import io.rapport.scoring.domain.RelationshipScore;
import io.rapport.scoring.domain.ScoreBand;
import io.rapport.scoring.domain.ScoreComponent;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.bson.BsonWriter;
import org.bson.Document;

/**
 * The last score published for an account, kept in its state document: what the next score is compared
 * with ({@link io.rapport.scoring.domain.ScoreMovement} compares with the last <em>published</em> score),
 * and the revision the next publication increments. {@code eventJson} is the published event itself, so
 * a redelivered batch (all duplicates, e.g. after a crash between saving and publishing) republishes the
 * same revision with the same event id instead of losing it.
 */
public record PublishedScore(
        long revision,
        Instant asOf,
        double score,
        ScoreBand band,
        LifecycleStage stage,
        AccountKind kind,
        Map<ComponentKind, Double> components,
        Map<ComponentKind, Double> weights,
        String eventId,
        String eventJson,
        String clvModel) {

    public PublishedScore {
        components = Collections.unmodifiableMap(new EnumMap<>(components));
        weights = Collections.unmodifiableMap(new EnumMap<>(weights));
    }

    /**
     * The published snapshot of a newly computed score at {@code revision}, computed with the lifetime-value
     * model {@code clvModel} (null: none).
     */
    public static PublishedScore of(
            RelationshipScore s, long revision, String eventId, String eventJson, String clvModel) {
        EnumMap<ComponentKind, Double> w = new EnumMap<>(ComponentKind.class);
        s.components().forEach((k, c) -> w.put(k, c.weight()));
        return new PublishedScore(
                revision,
                s.asOf(),
                s.score(),
                s.band(),
                s.stage(),
                s.kind(),
                s.componentValues(),
                w,
                eventId,
                eventJson,
                clvModel);
    }

    /** A score with the published values (inputs and indicators are not kept), for comparisons. */
    public RelationshipScore toScore(String accountId) {
        EnumMap<ComponentKind, ScoreComponent> c = new EnumMap<>(ComponentKind.class);
        components.forEach((k, v) -> c.put(k, new ScoreComponent(k, v, weights.getOrDefault(k, 0.0), Map.of(), "")));
        return new RelationshipScore(accountId, kind, asOf, score, band, stage, c, Map.of());
    }

    /** Writes this score as the {@code published} sub-document (read back by {@link #fromDocument}). */
    void writeTo(BsonWriter w) {
        w.writeStartDocument();
        w.writeInt64("revision", revision);
        w.writeString("asOf", asOf.toString());
        w.writeDouble("score", score);
        w.writeString("band", band.name());
        w.writeString("stage", stage.name());
        w.writeString("kind", kind.name());
        writeComponents(w, "components", components);
        writeComponents(w, "weights", weights);
        writeString(w, "eventId", eventId);
        writeString(w, "event", eventJson);
        writeString(w, "clvModel", clvModel);
        w.writeEndDocument();
    }

    private static void writeComponents(BsonWriter w, String name, Map<ComponentKind, Double> values) {
        w.writeStartDocument(name);
        values.forEach((k, v) -> w.writeDouble(k.wireName(), v));
        w.writeEndDocument();
    }

    private static void writeString(BsonWriter w, String name, String value) {
        if (value == null) {
            w.writeNull(name);
        } else {
            w.writeString(name, value);
        }
    }

    static PublishedScore fromDocument(Document d) {
        if (d == null) return null;
        EnumMap<ComponentKind, Double> comps = new EnumMap<>(ComponentKind.class);
        d.get("components", Document.class)
                .forEach((k, v) -> comps.put(
                        ComponentKind.valueOf(k.toUpperCase(java.util.Locale.ROOT)), ((Number) v).doubleValue()));
        EnumMap<ComponentKind, Double> w = new EnumMap<>(ComponentKind.class);
        Document wd = d.get("weights", Document.class);
        if (wd != null) {
            wd.forEach((k, v) ->
                    w.put(ComponentKind.valueOf(k.toUpperCase(java.util.Locale.ROOT)), ((Number) v).doubleValue()));
        }
        return new PublishedScore(
                ((Number) d.get("revision")).longValue(),
                Instant.parse(d.getString("asOf")),
                ((Number) d.get("score")).doubleValue(),
                ScoreBand.valueOf(d.getString("band")),
                LifecycleStage.valueOf(d.getString("stage")),
                AccountKind.valueOf(d.getString("kind")),
                comps,
                w,
                d.getString("eventId"),
                d.getString("event"),
                d.getString("clvModel"));
    }
}
