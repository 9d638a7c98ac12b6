package io.rapport.scoring.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import io.rapport.scoring.domain.AccountState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code account_states}: one document per account ({@code _id} = accountId) holding its folded state,
 * its last published score and a {@code version}. Reads and writes are in bulk, one round trip per batch.
 * A write replaces the document only if its version is still the one that was read: an upsert filtered on
 * {@code (_id, version)} either replaces the expected version, inserts a new account, or collides with the
 * existing {@code _id} (duplicate key) when another writer got there first, which is reported as a
 * conflict for the caller to reload and reapply.
 */
@ApplicationScoped
public class AccountStateRepository {
    static final String COLLECTION = "account_states";

    private final MongoCollection<Document> states;

    AccountStateRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.states = client.getDatabase(database).getCollection(COLLECTION);
    }

    /** The stored accounts among {@code accountIds}, in one query; missing accounts are absent. */
    public Map<String, StoredAccount> findAll(Collection<String> accountIds) {
        Map<String, StoredAccount> found = new HashMap<>();
        if (accountIds.isEmpty()) return found;
        for (Document d : states.find(Filters.in("_id", accountIds))) {
            found.put(d.getString("_id"), toStored(d));
        }
        return found;
    }

    /** One account, if stored. */
    public Optional<StoredAccount> find(String accountId) {
        Document d = states.find(Filters.eq("_id", accountId)).first();
        return Optional.ofNullable(d).map(AccountStateRepository::toStored);
    }

    /** Up to {@code limit} accounts with ids after {@code afterId} (null: from the start), by id. */
    public List<StoredAccount> page(String afterId, int limit) {
        Bson filter = afterId == null ? new Document() : Filters.gt("_id", afterId);
        List<StoredAccount> page = new ArrayList<>(limit);
        for (Document d : states.find(filter).sort(Sorts.ascending("_id")).limit(limit)) {
            page.add(toStored(d));
        }
        return page;
    }

    /** How many accounts are stored. */
    public long count() {
        return states.countDocuments();
    }

    /**
     * Writes every account in one bulk write, each over the version it was read at.
     *
     * @return the ids whose write lost to a concurrent writer (to reload and reapply); the others are saved
     */
    public Set<String> saveAll(Collection<StoredAccount> accounts, Instant now) {
        Set<String> conflicts = new LinkedHashSet<>();
        if (accounts.isEmpty()) return conflicts;
        List<WriteModel<Document>> writes = new ArrayList<>(accounts.size());
        List<String> ids = new ArrayList<>(accounts.size());
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        for (StoredAccount a : accounts) {
            String id = a.state().accountId();
            Document d = AccountStateMapper.toDocument(a.state());
            d.put("_id", id);
            d.put("version", a.version() + 1);
            d.put("updatedAt", now.toString());
            if (a.published() != null) d.put("published", a.published().toDocument());
            writes.add(new ReplaceOneModel<>(
                    Filters.and(Filters.eq("_id", id), Filters.eq("version", a.version())), d, upsert));
            ids.add(id);
        }
        try {
            states.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) throw e;
                conflicts.add(ids.get(error.getIndex()));
            }
        }
        return conflicts;
    }

    /** The collection, for tests and index creation. */
    public MongoCollection<Document> collection() {
        return states;
    }

    static StoredAccount toStored(Document d) {
        AccountState state = AccountStateMapper.toDomain(d);
        Number version = (Number) d.get("version");
        return new StoredAccount(
                state,
                PublishedScore.fromDocument(d.get("published", Document.class)),
                version == null ? 0 : version.longValue());
    }
}
