package io.rapport.scoring.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
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
import org.bson.BsonBinary;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code account_states}: one document per account ({@code _id} = accountId) holding its folded state,
 * its last published score and a {@code version}. Reads and writes are in bulk, one round trip per chunk of
 * a batch.
 *
 * <p>A write replaces the document only if its version is still the one that was read: an upsert filtered
 * on {@code (_id, version)} either replaces the expected version or collides with the existing {@code _id}
 * (duplicate key) when another writer got there first, and an account that was not found is inserted,
 * which collides the same way if another writer created it meanwhile. A collision is reported as a
 * conflict for the caller to reload and reapply. MongoDB finds the document through the {@code _id}
 * index, and so does the embedded store's planner (ADR 0002). Earlier versions filtered on a
 * {@code versionKey} field under a second unique index, because the embedded store then scanned the
 * collection for {@code (_id, version)}; that index doubled the store's index work on every write and is
 * dropped at start-up.
 *
 * <p>The folded state is stored as one binary value ({@code packedState}, in the {@link PackedAccountState}
 * encoding), not as a tree of fields: it is only ever read and written whole, never queried by field, and
 * the store's cost per write grew with the number of elements (a two-year state has over a thousand), not
 * with the bytes. The account's newest score revisions ride along in the same document until they move
 * to a {@code score_history} bucket ({@link RecentHistory}). Documents of the two earlier layouts (the
 * fields at the top level; the state as one BSON document in {@code state}) are still read, and take the
 * current one at their next write.
 */
@ApplicationScoped
public class AccountStateRepository {
    static final String COLLECTION = "account_states";
    /** The field and index of the earlier write guard, dropped at start-up. */
    static final String LEGACY_VERSION_KEY = "versionKey";
    /**
     * The field of the packed state. A field of its own, not a user-defined binary subtype of {@code state}:
     * the embedded store does not keep such subtypes.
     */
    static final String PACKED_STATE = "packedState";

    /**
     * The field of the last published score, in {@link PublishedScore#pack}'s encoding; documents of
     * earlier versions hold it as the sub-document {@code published}, still read.
     */
    static final String PACKED_PUBLISHED = "packedPublished";

    /**
     * The field of the revisions not yet moved to a {@code score_history} bucket, in {@link RecentHistory}'s
     * encoding; absent when there are none.
     */
    static final String PACKED_RECENT_HISTORY = "packedRecentHistory";

    private final MongoCollection<Document> states;
    private final MongoCollection<RawBsonDocument> rawStates;

    AccountStateRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.states = client.getDatabase(database).getCollection(COLLECTION);
        this.rawStates = states.withDocumentClass(RawBsonDocument.class);
    }

    /**
     * Drops the unique index on {@code versionKey} that earlier versions wrote through (their documents
     * keep the field until their next write, which replaces them whole). Nothing else is needed: every
     * read and write goes through {@code _id}.
     */
    public void createIndexes() {
        boolean legacy = states.listIndexes().into(new ArrayList<>()).stream()
                .anyMatch(index -> LEGACY_VERSION_KEY.equals(index.getString("name")));
        if (legacy) states.dropIndex(LEGACY_VERSION_KEY);
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
     * An account's document, ready to replace the version it was read at: built (the state packed, the
     * BSON written) off the store's path, on whichever thread scored the account.
     */
    public record StateWrite(String accountId, long readVersion, RawBsonDocument document) {}

    /**
     * The document of {@code account} at its next version, written straight to BSON bytes: the driver
     * then copies them instead of walking a {@code Document} tree through its codec registry, which took a
     * seventh of the service's CPU with 100,000 accounts (JFR). Same fields and BSON types as before.
     */
    public static StateWrite prepare(StoredAccount account, Instant now) {
        String id = account.state().accountId();
        long next = account.version() + 1;
        byte[] packed = PackedAccountState.pack(account.state());
        BasicOutputBuffer out = new Utf8OutputBuffer(packed.length + eventLength(account) + 1024);
        try (BsonBinaryWriter w = new BsonBinaryWriter(out)) {
            w.writeStartDocument();
            w.writeString("_id", id);
            w.writeInt64("version", next);
            w.writeString("updatedAt", now.toString());
            w.writeBinaryData(PACKED_STATE, new BsonBinary(packed));
            if (account.published() != null) {
                w.writeBinaryData(
                        PACKED_PUBLISHED, new BsonBinary(account.published().pack()));
            }
            if (!account.recentHistory().isEmpty()) {
                w.writeBinaryData(PACKED_RECENT_HISTORY, new BsonBinary(RecentHistory.pack(account.recentHistory())));
            }
            w.writeEndDocument();
        }
        return new StateWrite(
                id, account.version(), new RawBsonDocument(out.getInternalBuffer(), 0, out.getPosition()));
    }

    /** The length of the published event's JSON, so the buffer is sized once (most of the document). */
    private static int eventLength(StoredAccount account) {
        PublishedScore p = account.published();
        return p == null || p.eventJson() == null ? 0 : p.eventJson().length() * 2;
    }

    /**
     * Writes every account in one bulk write, each over the version it was read at.
     *
     * @return the ids whose write lost to a concurrent writer (to reload and reapply); the others are saved
     */
    public Set<String> saveAll(Collection<StoredAccount> accounts, Instant now) {
        List<StateWrite> writes = new ArrayList<>(accounts.size());
        for (StoredAccount a : accounts) writes.add(prepare(a, now));
        return write(writes);
    }

    /**
     * Writes prepared documents in one bulk write, each over the version it was read at.
     *
     * @return the ids whose write lost to a concurrent writer (to reload and reapply); the others are saved
     */
    public Set<String> write(List<StateWrite> prepared) {
        Set<String> conflicts = new LinkedHashSet<>();
        if (prepared.isEmpty()) return conflicts;
        List<WriteModel<RawBsonDocument>> writes = new ArrayList<>(prepared.size());
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        for (StateWrite w : prepared) {
            // An account the read did not find is inserted: a plain insert skips the upsert's query, and
            // collides with the _id (a conflict) if another writer created it meanwhile.
            writes.add(
                    w.readVersion() == 0
                            ? new InsertOneModel<>(w.document())
                            : new ReplaceOneModel<>(
                                    Filters.and(
                                            Filters.eq("_id", w.accountId()), Filters.eq("version", w.readVersion())),
                                    w.document(),
                                    upsert));
        }
        try {
            rawStates.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) throw e;
                conflicts.add(prepared.get(error.getIndex()).accountId());
            }
        }
        return conflicts;
    }

    /** The collection, for tests and index creation. */
    public MongoCollection<Document> collection() {
        return states;
    }

    static StoredAccount toStored(Document d) {
        Binary packed = d.get(PACKED_STATE, Binary.class);
        Binary bson = d.get("state", Binary.class);
        // Documents of earlier layouts hold the state as one BSON document, or its fields at the top level.
        AccountState state;
        if (packed != null) {
            state = PackedAccountState.unpack(packed.getData());
        } else if (bson != null) {
            state = AccountStateMapper.fromBinary(bson);
        } else {
            state = AccountStateMapper.toDomain(d);
        }
        Binary published = d.get(PACKED_PUBLISHED, Binary.class);
        Binary recent = d.get(PACKED_RECENT_HISTORY, Binary.class);
        return new StoredAccount(
                state,
                published != null
                        ? PublishedScore.unpack(published.getData())
                        : PublishedScore.fromDocument(d.get("published", Document.class)),
                recent == null ? List.of() : RecentHistory.unpack(d.getString("_id"), recent.getData()),
                versionOf(d));
    }

    private static long versionOf(Document d) {
        Number version = (Number) d.get("version");
        return version == null ? 0 : version.longValue();
    }
}
