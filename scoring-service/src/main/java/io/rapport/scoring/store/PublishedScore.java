package io.rapport.scoring.store;

import static io.rapport.scoring.store.PackedFields.readText;
import static io.rapport.scoring.store.PackedFields.readValues;
import static io.rapport.scoring.store.PackedFields.writeText;
import static io.rapport.scoring.store.PackedFields.writeValues;

import io.rapport.common.event.AccountKind;
import io.rapport.scoring.domain.ComponentKind;
import io.rapport.scoring.domain.LifecycleStage;
import io.rapport.scoring.domain.RelationshipScore;
import io.rapport.scoring.domain.ScoreBand;
import io.rapport.scoring.domain.ScoreComponent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
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

    /** The first byte of {@link #pack}'s encoding, to tell later encodings apart. */
    private static final byte PACKED_FORMAT = 1;

    /**
     * This score as bytes (read back by {@link #unpack}): what the state document stores. It is only ever
     * read whole, and as one binary value it costs the store a copy, where a sub-document of a dozen fields
     * (two of them documents) cost it a walk per field on every write and read.
     */
    byte[] pack() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (eventJson == null ? 0 : eventJson.length()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(PACKED_FORMAT);
            out.writeLong(revision);
            out.writeLong(asOf.getEpochSecond());
            out.writeInt(asOf.getNano());
            out.writeDouble(score);
            writeText(out, band.name());
            writeText(out, stage.name());
            writeText(out, kind.name());
            writeValues(out, components);
            writeValues(out, weights);
            writeText(out, eventId);
            writeText(out, eventJson);
            writeText(out, clvModel);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown by an in-memory stream
        }
        return bytes.toByteArray();
    }

    static PublishedScore unpack(byte[] packed) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(packed))) {
            byte format = in.readByte();
            if (format != PACKED_FORMAT) throw new IllegalArgumentException("unknown published score format " + format);
            long revision = in.readLong();
            Instant asOf = Instant.ofEpochSecond(in.readLong(), in.readInt());
            double score = in.readDouble();
            ScoreBand band = ScoreBand.valueOf(readText(in));
            LifecycleStage stage = LifecycleStage.valueOf(readText(in));
            AccountKind kind = AccountKind.valueOf(readText(in));
            Map<ComponentKind, Double> components = readValues(in);
            Map<ComponentKind, Double> weights = readValues(in);
            return new PublishedScore(
                    revision,
                    asOf,
                    score,
                    band,
                    stage,
                    kind,
                    components,
                    weights,
                    readText(in),
                    readText(in),
                    readText(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated published score", e);
        }
    }

    /** A score of the earlier layout: the {@code published} sub-document that {@link #pack} replaced. */
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
