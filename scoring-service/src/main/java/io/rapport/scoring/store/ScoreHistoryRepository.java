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
import java.util.Date;
import java.util.EnumMap;
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
 * {@code score_history}: one document per published score revision ({@code _id} = the score event's id,
 * so republishing the same revision after a crash does not duplicate it), indexed by (accountId, time).
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

    /** Inserts the entries in one round trip; entries already stored (a republished revision) are skipped. */
    public void insertAll(List<Entry> entries) {
        if (entries.isEmpty()) return;
        List<RawBsonDocument> docs = new ArrayList<>(entries.size());
        for (Entry e : entries) docs.add(toRaw(e));
        try {
            rawHistory.insertMany(docs, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException ex) {
            boolean onlyDuplicates = ex.getWriteErrors().stream()
                    .allMatch(w -> ErrorCategory.fromErrorCode(w.getCode()) == ErrorCategory.DUPLICATE_KEY);
            if (!onlyDuplicates) throw ex;
        }
    }

    /**
     * An account's entries newest first, with time before {@code before} (null: no bound) and at or after
     * {@code from} (null: no bound), at most {@code limit}.
     */
    public List<Entry> find(String accountId, Instant from, Instant before, int limit) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq("accountId", accountId));
        if (from != null) filters.add(Filters.gte("time", Date.from(from)));
        if (before != null) filters.add(Filters.lt("time", Date.from(before)));
        List<Entry> out = new ArrayList<>();
        for (Document d : history.find(Filters.and(filters))
                .sort(Sorts.orderBy(Sorts.descending("time"), Sorts.descending("revision")))
                .limit(limit)) {
            out.add(toEntry(d));
        }
        return out;
    }

    /**
     * The snapshots the biggest movers over {@code days} before {@code now} need: every entry inside the
     * window plus the latest one before it (the baseline).
     */
    public List<ScoreSnapshot> snapshotsFor(String accountId, Instant now, int days) {
        Instant start = now.minusSeconds(86_400L * days);
        List<ScoreSnapshot> out = new ArrayList<>();
        for (Entry e : find(accountId, start, null, 10_000)) out.add(e.snapshot());
        for (Entry e : find(accountId, null, start, 1)) out.add(e.snapshot());
        return out;
    }

    public MongoCollection<Document> collection() {
        return history;
    }

    /** An entry's document, written straight to BSON bytes (no codec-registry walk in the driver). */
    static RawBsonDocument toRaw(Entry e) {
        BasicOutputBuffer out = new Utf8OutputBuffer(512);
        try (BsonBinaryWriter w = new BsonBinaryWriter(out)) {
            w.writeStartDocument();
            w.writeString("_id", e.eventId());
            w.writeString("accountId", e.accountId());
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
        return new RawBsonDocument(out.getInternalBuffer(), 0, out.getPosition());
    }

    static Entry toEntry(Document d) {
        EnumMap<ComponentKind, Double> comps = new EnumMap<>(ComponentKind.class);
        d.get("components", Document.class)
                .forEach((k, v) ->
                        comps.put(ComponentKind.valueOf(k.toUpperCase(Locale.ROOT)), ((Number) v).doubleValue()));
        return new Entry(
                d.getString("_id"),
                d.getString("accountId"),
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
