package io.rapport.scoring.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import io.rapport.scoring.domain.ComponentKind;
import io.rapport.scoring.domain.ScoreSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.bson.io.BasicOutputBuffer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code score_history}: an account's published score revisions in buckets, one document per
 * {@code history-bucket-size} consecutive revisions ({@code _id} = {@code accountId:rFIRST-rLAST}, so
 * writing the same bucket again after a crash does not duplicate it), with the times of the bucket's last
 * ({@code time}) and first ({@code firstTime}) revision, indexed by (accountId, time). The account's newest
 * revisions are in its state document until they fill a bucket ({@link RecentHistory}); reads merge both.
 * Documents of earlier versions, one per revision ({@code _id} = the score event's id, the revision's
 * fields at the top level), are still read.
 */
@ApplicationScoped
public class ScoreHistoryRepository {
    static final String COLLECTION = "score_history";

    /** One published revision. */
    public record Entry(
            String eventId,
            String accountId,
            long revision,
            Instant time,
            double score,
            String band,
            String stage,
            Map<ComponentKind, Double> components,
            String cause,
            String causingEventId,
            List<String> reasons) {

        /** The snapshot the biggest-movers computation reads. */
        public ScoreSnapshot snapshot() {
            return new ScoreSnapshot(time, score, components);
        }
    }

    /** Newest first; between equal times, the higher revision first. */
    private static final Comparator<Entry> NEWEST_FIRST =
            Comparator.comparing(Entry::time).thenComparingLong(Entry::revision).reversed();

    private final MongoCollection<Document> history;
    private final MongoCollection<RawBsonDocument> rawHistory;

    ScoreHistoryRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.history = client.getDatabase(database).getCollection(COLLECTION);
        this.rawHistory = history.withDocumentClass(RawBsonDocument.class);
    }

    /** Creates the (accountId, time) index if missing. */
    public void createIndexes() {
        history.createIndex(
                Indexes.compoundIndex(Indexes.ascending("accountId"), Indexes.descending("time")),
                new IndexOptions().name("account_time"));
    }

    /**
     * Inserts the buckets (each an account's consecutive revisions, oldest first) in one round trip; a
     * bucket already stored (written again after a crash or a lost state write) is skipped.
     */
    public void insertBuckets(List<List<Entry>> buckets) {
        List<RawBsonDocument> docs = new ArrayList<>(buckets.size());
        for (List<Entry> bucket : buckets) {
            if (!bucket.isEmpty()) docs.add(toRaw(bucket));
        }
        if (docs.isEmpty()) return;
        try {
            rawHistory.insertMany(docs, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException ex) {
            boolean onlyDuplicates = ex.getWriteErrors().stream()
                    .allMatch(w -> ErrorCategory.fromErrorCode(w.getCode()) == ErrorCategory.DUPLICATE_KEY);
            if (!onlyDuplicates) throw ex;
        }
    }

    /**
     * The account's revisions newest first, with time before {@code before} (null: no bound) and at or
     * after {@code from} (null: no bound), at most {@code limit}: those in its buckets and those still in its
     * state document.
     */
    public List<Entry> find(StoredAccount account, Instant from, Instant before, int limit) {
        return find(account, from, before, null, limit);
    }

    /**
     * As {@link #find(StoredAccount, Instant, Instant, int)}, where {@code beforeRevision} (with
     * {@code before}) also admits the revisions at exactly {@code before} numbered lower: the next page
     * after one that ended at ({@code before}, {@code beforeRevision}).
     */
    public List<Entry> find(StoredAccount account, Instant from, Instant before, Long beforeRevision, int limit) {
        String accountId = account.state().accountId();
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq("accountId", accountId));
        // A bucket's time is its newest revision's, firstTime its oldest's; a document of one revision
        // (earlier versions) has only time.
        if (from != null) filters.add(Filters.gte("time", Date.from(from)));
        if (before != null) {
            Date upper = Date.from(before);
            boolean sameInstant = beforeRevision != null;
            filters.add(Filters.or(
                    sameInstant ? Filters.lte("firstTime", upper) : Filters.lt("firstTime", upper),
                    Filters.and(
                            Filters.exists("firstTime", false),
                            sameInstant ? Filters.lte("time", upper) : Filters.lt("time", upper))));
        }
        Bound bound = new Bound(from, before, beforeRevision);
        Map<Long, Entry> byRevision = new HashMap<>();
        for (Entry e : account.recentHistory()) {
            if (bound.admits(e)) byRevision.putIfAbsent(e.revision(), e);
        }
        for (Document d : history.find(Filters.and(filters)).sort(Sorts.descending("time"))) {
            // Documents come newest revision first: once this one's newest is older than the limit-th entry
            // found so far, nothing after it can be among the newest `limit`.
            Instant newest = d.getDate("time").toInstant();
            if (byRevision.size() >= limit
                    && newest.isBefore(nth(byRevision.values(), limit).time())) break;
            for (Entry e : toEntries(d)) {
                if (bound.admits(e)) byRevision.putIfAbsent(e.revision(), e);
            }
        }
        List<Entry> out = new ArrayList<>(byRevision.values());
        out.sort(NEWEST_FIRST);
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /** The bounds of a read: at or after {@code from}, before ({@code before}, {@code beforeRevision}). */
    private record Bound(Instant from, Instant before, Long beforeRevision) {
        boolean admits(Entry e) {
            if (from != null && e.time().isBefore(from)) return false;
            if (before == null || e.time().isBefore(before)) return true;
            return beforeRevision != null && e.time().equals(before) && e.revision() < beforeRevision;
        }
    }

    /** The {@code n}-th newest of {@code entries} (1-based; there are at least n). */
    private static Entry nth(Collection<Entry> entries, int n) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(NEWEST_FIRST);
        return sorted.get(n - 1);
    }

    /**
     * The snapshots the biggest movers over {@code days} before {@code now} need: every entry inside the
     * window plus the latest one before it (the baseline).
     */
    public List<ScoreSnapshot> snapshotsFor(StoredAccount account, Instant now, int days) {
        Instant start = now.minusSeconds(86_400L * days);
        List<ScoreSnapshot> out = new ArrayList<>();
        for (Entry e : find(account, start, null, 10_000)) out.add(e.snapshot());
        for (Entry e : find(account, null, start, 1)) out.add(e.snapshot());
        return out;
    }

    public MongoCollection<Document> collection() {
        return history;
    }

    /** A bucket's document, written straight to BSON bytes (no codec-registry walk in the driver). */
    static RawBsonDocument toRaw(List<Entry> bucket) {
        Entry first = bucket.get(0);
        Entry last = bucket.get(bucket.size() - 1);
        BasicOutputBuffer out = new Utf8OutputBuffer(256 + 384 * bucket.size());
        try (BsonBinaryWriter w = new BsonBinaryWriter(out)) {
            w.writeStartDocument();
            w.writeString("_id", first.accountId() + ":r" + first.revision() + "-r" + last.revision());
            w.writeString("accountId", first.accountId());
            w.writeDateTime("time", last.time().toEpochMilli());
            w.writeDateTime("firstTime", first.time().toEpochMilli());
            w.writeInt64("firstRevision", first.revision());
            w.writeInt64("lastRevision", last.revision());
            w.writeStartArray("entries");
            for (Entry e : bucket) {
                w.writeStartDocument();
                w.writeString("eventId", e.eventId());
                w.writeInt64("revision", e.revision());
                w.writeDateTime("time", e.time().toEpochMilli());
                w.writeDouble("score", e.score());
                w.writeString("band", e.band());
                w.writeString("stage", e.stage());
                w.writeStartDocument("components");
                e.components().forEach((k, v) -> w.writeDouble(k.wireName(), v));
                w.writeEndDocument();
                w.writeString("cause", e.cause());
                if (e.causingEventId() == null) {
                    w.writeNull("causingEventId");
                } else {
                    w.writeString("causingEventId", e.causingEventId());
                }
                w.writeStartArray("reasons");
                for (String reason : e.reasons()) w.writeString(reason);
                w.writeEndArray();
                w.writeEndDocument();
            }
            w.writeEndArray();
            w.writeEndDocument();
        }
        return new RawBsonDocument(out.getInternalBuffer(), 0, out.getPosition());
    }

    /** The revisions of a stored document: a bucket's entries, or the one revision of an earlier version's. */
    static List<Entry> toEntries(Document d) {
        String accountId = d.getString("accountId");
        List<Document> entries = d.getList("entries", Document.class);
        if (entries == null) return List.of(toEntry(d, d.getString("_id"), accountId));
        List<Entry> out = new ArrayList<>(entries.size());
        for (Document e : entries) out.add(toEntry(e, e.getString("eventId"), accountId));
        return out;
    }

    private static Entry toEntry(Document d, String eventId, String accountId) {
        EnumMap<ComponentKind, Double> comps = new EnumMap<>(ComponentKind.class);
        d.get("components", Document.class)
                .forEach((k, v) ->
                        comps.put(ComponentKind.valueOf(k.toUpperCase(Locale.ROOT)), ((Number) v).doubleValue()));
        return new Entry(
                eventId,
                accountId,
                ((Number) d.get("revision")).longValue(),
                d.getDate("time").toInstant(),
                ((Number) d.get("score")).doubleValue(),
                d.getString("band"),
                d.getString("stage"),
                comps,
                d.getString("cause"),
                d.getString("causingEventId"),
                d.getList("reasons", String.class, List.of()));
    }
}
