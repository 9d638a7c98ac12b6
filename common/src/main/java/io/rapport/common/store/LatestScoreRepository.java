package io.rapport.common.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.json.RapportJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The latest score of each account as a consumer of {@code rapport.scores.v1} last saw it
 * ({@code latest_scores}, {@code _id} = accountId). A score only replaces one of a lower revision,
 * so replays and out-of-order redeliveries never move an account back in time.
 */
@ApplicationScoped
public class LatestScoreRepository {
    static final String COLLECTION = "latest_scores";

    private final MongoCollection<Document> scores;

    LatestScoreRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.scores = client.getDatabase(database).getCollection(COLLECTION);
    }

    /**
     * Stores the score unless one of the same or a higher revision is already there.
     *
     * @return true if it was stored, false if it was stale
     */
    public boolean saveIfNewer(ScoreChangedEvent score) {
        Document document = Document.parse(new String(RapportJson.toBytes(score), StandardCharsets.UTF_8));
        document.put("_id", score.accountId());
        try {
            var result = scores.replaceOne(
                    Filters.and(Filters.eq("_id", score.accountId()), Filters.lt("revision", score.revision())),
                    document,
                    new ReplaceOptions().upsert(true));
            return result.getModifiedCount() > 0 || result.getUpsertedId() != null;
        } catch (MongoWriteException e) {
            // The filter missed because a newer revision is stored, so the upsert collided with its _id.
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** The latest score seen for an account. */
    public Optional<ScoreChangedEvent> find(String accountId) {
        Document document = scores.find(Filters.eq("_id", accountId)).first();
        if (document == null) {
            return Optional.empty();
        }
        document.remove("_id");
        try {
            return Optional.of(
                    RapportJson.fromBytes(document.toJson().getBytes(StandardCharsets.UTF_8), ScoreChangedEvent.class));
        } catch (IOException e) {
            throw new UncheckedIOException("stored score of " + accountId + " no longer parses", e);
        }
    }

    /** The collection, for services that query it further (segments, dry-runs). */
    public MongoCollection<Document> collection() {
        return scores;
    }
}
