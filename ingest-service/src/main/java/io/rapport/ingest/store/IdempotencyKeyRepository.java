package io.rapport.ingest.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.rapport.common.event.RapportEvent;
import io.rapport.ingest.config.IngestConfig;
import io.rapport.ingest.domain.AcceptedEventLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Idempotency keys in MongoDB ({@code idempotency_keys}): {@code _id} is the eventId, so the unique
 * {@code _id} index makes a second insert of the same id a no-op. A TTL index on {@code expiresAt}
 * expires keys on real MongoDB; the embedded server has no TTL expiry, so a scheduled purge does the
 * same there (see docs/adr/0002-embedded-mongodb-subset.md).
 */
@ApplicationScoped
public class IdempotencyKeyRepository implements AcceptedEventLog {
    static final String COLLECTION = "idempotency_keys";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> keys;
    private final IngestConfig config;
    private final Clock clock;

    IdempotencyKeyRepository(
            MongoClient client,
            @ConfigProperty(name = "quarkus.mongodb.database") String database,
            IngestConfig config,
            Clock clock) {
        this.keys = client.getDatabase(database).getCollection(COLLECTION);
        this.config = config;
        this.clock = clock;
    }

    void createIndexes(@Observes StartupEvent event) {
        keys.createIndex(
                Indexes.ascending("expiresAt"),
                new IndexOptions().name("expiresAt_ttl").expireAfter(0L, TimeUnit.SECONDS));
    }

    @Override
    public Set<String> alreadyAccepted(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        Set<String> found = new HashSet<>();
        Date now = Date.from(clock.instant());
        // Only _id in the query, so the embedded server answers from its _id index (with a second
        // condition it scans the collection); expiry is checked here.
        keys.find(Filters.in("_id", eventIds))
                .projection(new Document("_id", 1).append("expiresAt", 1))
                .forEach(doc -> {
                    Date expiresAt = doc.getDate("expiresAt");
                    if (expiresAt == null || expiresAt.after(now)) {
                        found.add(doc.getString("_id"));
                    }
                });
        return found;
    }

    @Override
    public void remember(List<RapportEvent> events) {
        Date acceptedAt = Date.from(clock.instant());
        Date expiresAt = Date.from(clock.instant().plus(config.idempotencyRetention()));
        List<Document> documents = new ArrayList<>(events.size());
        for (RapportEvent event : events) {
            documents.add(new Document("_id", event.eventId())
                    .append("accountId", event.accountId())
                    .append("type", event.type().wireName())
                    .append("acceptedAt", acceptedAt)
                    .append("expiresAt", expiresAt));
        }
        try {
            keys.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            // Another request accepted the same id concurrently: the key is there, which is all we need.
            boolean onlyDuplicates = e.getWriteErrors().stream().allMatch(w -> w.getCode() == DUPLICATE_KEY);
            if (!onlyDuplicates) {
                throw e;
            }
        }
    }

    /** Deletes expired keys where the server does not expire them itself (the embedded one). */
    @Scheduled(every = "${rapport.ingest.idempotency-purge-interval:1h}", delayed = "1m")
    void purgeExpired() {
        keys.deleteMany(Filters.lte("expiresAt", Date.from(clock.instant())));
    }
}
