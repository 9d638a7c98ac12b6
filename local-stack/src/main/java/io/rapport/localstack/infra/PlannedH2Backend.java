package io.rapport.localstack.infra;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend (the local stack's store when it keeps its data in a file) with the same
 * {@code _id} planning as {@link PlannedMemoryBackend} ({@link IdQueryPlanner}), so that a write guarded on
 * {@code (_id, version)} finds its document through the {@code _id} index here too instead of scanning
 * the collection. The file layout is H2Backend's own: files written before read the same.
 */
final class PlannedH2Backend extends H2Backend {
    /** H2Database's map name prefixes (package-private there): the layout of existing files. */
    private static final String DATA_MAP_PREFIX = "databases.";

    private static final String META_MAP_PREFIX = "meta.";

    PlannedH2Backend(String file) {
        super(MVStore.open(file));
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // Called from H2Backend's constructor too, for the databases already in the file: everything
        // used here comes from the superclass, already set up by then.
        MVStore store = getMvStore();
        return new H2Database(databaseName, store, getCursorRegistry()) {
            @Override
            protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
                String fullName = getFullCollectionNamespace(collectionName);
                return new PlannedH2Collection(
                        this,
                        collectionName,
                        options,
                        store.openMap(DATA_MAP_PREFIX + fullName),
                        store.openMap(META_MAP_PREFIX + fullName),
                        cursorRegistry);
            }
        };
    }

    private static final class PlannedH2Collection extends H2Collection {
        /** The filter of documents already matched: the plain path then only skips, limits and projects. */
        private static final Document MATCHES_ALL = new Document();

        PlannedH2Collection(
                MongoDatabase database,
                String collectionName,
                CollectionOptions options,
                MVMap<Object, Document> data,
                MVMap<String, Object> meta,
                CursorRegistry cursorRegistry) {
            super(database, collectionName, options, data, meta, cursorRegistry);
        }

        @Override
        protected QueryResult queryDocuments(
                Document query, Document orderBy, int skip, int limit, int batchSize, Document fieldSelector) {
            return IdQueryPlanner.byId(
                            query,
                            orderBy,
                            getIndexes(),
                            positions ->
                                    matchDocuments(query, positions, orderBy, skip, limit, batchSize, fieldSelector),
                            positions -> matchDocumentsFromStream(
                                    MATCHES_ALL,
                                    StreamSupport.stream(positions.spliterator(), false)
                                            .map(this::getDocument),
                                    skip,
                                    limit,
                                    batchSize,
                                    null,
                                    fieldSelector))
                    .orElseGet(() -> super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector));
        }
    }
}
