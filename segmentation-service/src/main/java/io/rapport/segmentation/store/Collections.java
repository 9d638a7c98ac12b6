package io.rapport.segmentation.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The service's MongoDB collections and their indexes, created at start-up. Every query path has an
 * index whose prefix is its equality filter and whose suffix is its sort (README, "Indexes").
 */
@ApplicationScoped
public class Collections {
    private static final Logger LOG = Logger.getLogger(Collections.class);

    public static final String DEFINITIONS = "segment_definitions";
    public static final String DEFINITION_VERSIONS = "segment_definition_versions";
    public static final String MEMBERSHIPS = "memberships";
    public static final String HISTORY = "membership_history";
    public static final String SIZES = "segment_sizes";
    public static final String BACKFILL_JOBS = "backfill_jobs";
    public static final String ACCOUNT_STATE = "account_state";
    public static final String SETTINGS = "segmentation_settings";
    /** The unique (segmentId, accountId) index of memberships. */
    public static final String SEGMENT_ACCOUNT_INDEX = "segment_account";
    /** The (accountId, at, _id) index of the history: an account's entries and exits, newest first. */
    public static final String ACCOUNT_HISTORY_INDEX = "account_history";
    /**
     * Indexes earlier versions created that no query uses any more, by collection: dropped at start-up,
     * since each costs a write on every insert ({@code account_time} became {@link #ACCOUNT_HISTORY_INDEX}
     * with {@code _id} as tie-breaker; {@code account_revision} lost its query to an {@code _id $in}).
     */
    static final Map<String, Set<String>> RETIRED_INDEXES = Map.of(HISTORY, Set.of("account_time", "account_revision"));

    private final MongoDatabase db;

    @Inject
    public Collections(
            @Default MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.db = client.getDatabase(database);
    }

    public MongoCollection<Document> get(String name) {
        return db.getCollection(name);
    }

    public MongoDatabase database() {
        return db;
    }

    void onStart(@Observes StartupEvent event) {
        createIndexes();
    }

    /** Creates every index (idempotent). */
    public void createIndexes() {
        dropRetiredIndexes();
        IndexOptions unique = new IndexOptions().unique(true);
        get(MEMBERSHIPS)
                .createIndexes(List.of(
                        new IndexModel(Indexes.ascending("segmentId", "accountId"), unique.name(SEGMENT_ACCOUNT_INDEX)),
                        new IndexModel(Indexes.ascending("segmentId", "score", "accountId"), opts("segment_score")),
                        new IndexModel(
                                Indexes.ascending("segmentId", "predictedValue", "accountId"), opts("segment_value")),
                        new IndexModel(
                                Indexes.ascending("segmentId", "lastActivity", "accountId"), opts("segment_recency")),
                        new IndexModel(Indexes.ascending("accountId", "segmentId"), opts("account_segments"))));
        get(HISTORY)
                .createIndexes(List.of(
                        new IndexModel(Indexes.ascending("segmentId", "at", "_id"), opts("segment_time")),
                        new IndexModel(Indexes.ascending("accountId", "at", "_id"), opts(ACCOUNT_HISTORY_INDEX))));
        get(SIZES).createIndex(Indexes.ascending("segmentId", "date"), new IndexOptions().unique(true));
        get(DEFINITION_VERSIONS)
                .createIndex(Indexes.ascending("segmentId", "version"), new IndexOptions().unique(true));
        LOG.debug("segmentation indexes ensured");
    }

    private void dropRetiredIndexes() {
        RETIRED_INDEXES.forEach((collection, names) -> {
            List<String> present =
                    get(collection).listIndexes().map(i -> i.getString("name")).into(new ArrayList<>());
            for (String name : present) {
                if (names.contains(name)) {
                    get(collection).dropIndex(name);
                    LOG.infof("Dropped the retired index %s of %s", name, collection);
                }
            }
        });
    }

    private static IndexOptions opts(String name) {
        return new IndexOptions().name(name);
    }
}
