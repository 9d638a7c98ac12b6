package io.rapport.scoring.store;

import static io.rapport.scoring.store.PackedFields.readText;
import static io.rapport.scoring.store.PackedFields.readValues;
import static io.rapport.scoring.store.PackedFields.writeText;
import static io.rapport.scoring.store.PackedFields.writeValues;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An account's newest score revisions, kept in its state document until a whole bucket of them moves to
 * {@code score_history} (the bucket pattern): recording a revision then costs no write of its own, since
 * the state document is written anyway, and the history collection gets one document per
 * {@code bucketSize} revisions instead of one per revision.
 *
 * <p>Only revisions already stored in the state document are ever moved into a bucket, never the one being
 * written: a bucket written before a state write that then loses (a concurrent writer) or never happens
 * (a crash) holds revisions that are stored anyway, and writing the same bucket again is a duplicate key.
 * A revision therefore never appears in the history without having been stored and published.
 */
public final class RecentHistory {
    private RecentHistory() {}

    /**
     * What a write of an account does to its history: the bucket to insert first ({@code bucket}, empty:
     * none), and the revisions its state document keeps ({@code recent}).
     */
    public record Rollover(List<ScoreHistoryRepository.Entry> bucket, List<ScoreHistoryRepository.Entry> recent) {
        public Rollover {
            bucket = List.copyOf(bucket);
            recent = List.copyOf(recent);
        }
    }

    /**
     * The rollover of a write that adds {@code added} (null: no new revision) to the stored
     * {@code stored} revisions: once {@code bucketSize} revisions are stored they move to a bucket, and the
     * document keeps only the new one.
     */
    public static Rollover next(
            List<ScoreHistoryRepository.Entry> stored, ScoreHistoryRepository.Entry added, int bucketSize) {
        if (bucketSize < 1) throw new IllegalArgumentException("bucket size must be at least 1, was " + bucketSize);
        boolean full = stored.size() >= bucketSize;
        List<ScoreHistoryRepository.Entry> recent = new ArrayList<>(full ? 1 : stored.size() + 1);
        if (!full) recent.addAll(stored);
        if (added != null) recent.add(added);
        return new Rollover(full ? stored : List.of(), recent);
    }

    /** The first byte of {@link #pack}'s encoding, to tell later encodings apart. */
    private static final byte PACKED_FORMAT = 1;

    /**
     * The revisions as one binary value (read back by {@link #unpack}), oldest first. Times are kept to the
     * millisecond, as the history collection's BSON dates keep them, so a revision reads the same before
     * and after it moves to a bucket. The account id is the document's.
     */
    static byte[] pack(List<ScoreHistoryRepository.Entry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 200 * entries.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(PACKED_FORMAT);
            out.writeInt(entries.size());
            for (ScoreHistoryRepository.Entry e : entries) {
                writeText(out, e.eventId());
                out.writeLong(e.revision());
                out.writeLong(e.time().toEpochMilli());
                out.writeDouble(e.score());
                writeText(out, e.band());
                writeText(out, e.stage());
                writeValues(out, e.components());
                writeText(out, e.cause());
                writeText(out, e.causingEventId());
                out.writeInt(e.reasons().size());
                for (String reason : e.reasons()) writeText(out, reason);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown by an in-memory stream
        }
        return bytes.toByteArray();
    }

    static List<ScoreHistoryRepository.Entry> unpack(String accountId, byte[] packed) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(packed))) {
            byte format = in.readByte();
            if (format != PACKED_FORMAT) throw new IllegalArgumentException("unknown recent history format " + format);
            int n = in.readInt();
            List<ScoreHistoryRepository.Entry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String eventId = readText(in);
                long revision = in.readLong();
                Instant time = Instant.ofEpochMilli(in.readLong());
                double score = in.readDouble();
                String band = readText(in);
                String stage = readText(in);
                var components = readValues(in);
                String cause = readText(in);
                String causing = readText(in);
                int reasonCount = in.readInt();
                List<String> reasons = new ArrayList<>(reasonCount);
                for (int r = 0; r < reasonCount; r++) reasons.add(readText(in));
                entries.add(new ScoreHistoryRepository.Entry(
                        eventId,
                        accountId,
                        revision,
                        time,
                        score,
                        band,
                        stage,
                        components,
                        cause,
                        causing,
                        List.copyOf(reasons)));
            }
            return List.copyOf(entries);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated recent history", e);
        }
    }
}
