package io.rapport.common.auth;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * API keys in MongoDB ({@code api_keys} of {@code rapport.auth.database}, shared by all services):
 * {@code _id} is the key id; only the SHA-256 of the secret is stored. Upserts the bootstrap admin
 * key ({@code RAPPORT_BOOTSTRAP_ADMIN_KEY}) at start-up so the first real key can be created.
 */
@ApplicationScoped
public class ApiKeyRepository {
    static final String COLLECTION = "api_keys";
    private static final Logger LOG = Logger.getLogger(ApiKeyRepository.class);

    /** A stored key, without its secret. */
    public record StoredKey(
            String keyId, String name, Set<String> roles, Instant createdAt, Instant revokedAt, String secretHash) {
        boolean active() {
            return revokedAt == null;
        }
    }

    private final MongoCollection<Document> keys;
    private final Optional<String> bootstrapAdminKey;
    private final Clock clock;

    ApiKeyRepository(
            MongoClient client,
            @ConfigProperty(name = "rapport.auth.database", defaultValue = "rapport_auth") String database,
            @ConfigProperty(name = "rapport.auth.bootstrap-admin-key") Optional<String> bootstrapAdminKey) {
        this.keys = client.getDatabase(database).getCollection(COLLECTION);
        this.bootstrapAdminKey = bootstrapAdminKey.filter(k -> !k.isBlank());
        this.clock = Clock.systemUTC();
    }

    void onStart(@Observes StartupEvent event) {
        if (bootstrapAdminKey.isEmpty()) {
            return;
        }
        ApiKey key = ApiKey.parse(bootstrapAdminKey.get())
                .orElseThrow(() -> new IllegalArgumentException(
                        "rapport.auth.bootstrap-admin-key (RAPPORT_BOOTSTRAP_ADMIN_KEY) must have the form"
                                + " rk_<keyId>_<secret>: keyId 4-64 of [a-z0-9], secret 16-128 of [A-Za-z0-9_-]"));
        keys.replaceOne(
                Filters.eq("_id", key.keyId()),
                document(key.keyId(), "bootstrap admin", Set.of(Roles.ADMIN), key.secretHash()),
                new ReplaceOptions().upsert(true));
        LOG.infof("Bootstrap admin key %s installed", key.keyId());
    }

    /** The key with this id, if any (revoked ones too). */
    public Optional<StoredKey> find(String keyId) {
        return Optional.ofNullable(keys.find(Filters.eq("_id", keyId)).first()).map(ApiKeyRepository::toKey);
    }

    /** Stores a new key's hash and roles. */
    public StoredKey create(ApiKey key, String name, Set<String> roles) {
        Document document = document(key.keyId(), name, roles, key.secretHash());
        keys.insertOne(document);
        return toKey(document);
    }

    /** Every key, newest first, without secrets. */
    public List<StoredKey> list() {
        List<StoredKey> out = new ArrayList<>();
        keys.find().sort(Sorts.descending("createdAt")).forEach(d -> out.add(toKey(d)));
        return out;
    }

    /** Marks a key revoked; false when there is no such key. */
    public boolean revoke(String keyId) {
        return keys.updateOne(
                                        Filters.and(Filters.eq("_id", keyId), Filters.eq("revokedAt", null)),
                                        Updates.set("revokedAt", Date.from(clock.instant())))
                                .getMatchedCount()
                        > 0
                || find(keyId).isPresent();
    }

    private Document document(String keyId, String name, Set<String> roles, String hash) {
        return new Document("_id", keyId)
                .append("name", name)
                .append("roles", new ArrayList<>(new TreeSet<>(roles)))
                .append("secretSha256", hash)
                .append("createdAt", Date.from(clock.instant()));
    }

    private static StoredKey toKey(Document d) {
        Date created = d.getDate("createdAt");
        Date revoked = d.getDate("revokedAt");
        return new StoredKey(
                d.getString("_id"),
                d.getString("name"),
                new TreeSet<>(d.getList("roles", String.class, List.of())),
                created == null ? null : created.toInstant(),
                revoked == null ? null : revoked.toInstant(),
                d.getString("secretSha256"));
    }
}
