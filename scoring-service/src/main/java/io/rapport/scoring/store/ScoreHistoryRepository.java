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
import org.bson.Document;
import org.bson.conversions.Bson;
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

    ScoreHistoryRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.history = client.getDatabase(database).getCollection(COLLECTION);
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
        List<Document> docs = new ArrayList<>(entries.size());
        for (Entry e : entries) docs.add(toDocument(e));
        try {
            history.insertMany(docs, new InsertManyOptions().ordered(false));
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

    static Document toDocument(Entry e) {
        Document comps = new Document();
        e.components().forEach((k, v) -> comps.put(k.wireName(), v));
        return new Document("_id", e.eventId())
                .append("accountId", e.accountId())
                .append("revision", e.revision())
                .append("time", Date.from(e.time()))
                .append("score", e.score())
                .append("band", e.band())
                .append("stage", e.stage())
                .append("components", comps)
                .append("cause", e.cause())
                .append("causingEventId", e.causingEventId())
                .append("reasons", e.reasons());
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
