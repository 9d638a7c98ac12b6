package io.rapport.localstack.infra;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * mongo-java-server's memory backend with two things a MongoDB query planner does and it does not, so
 * that query shapes that are cheap on MongoDB are not quadratic here (ADR 0002):
 *
 * <ul>
 *   <li>filters on {@code _id} are planned by {@link IdQueryPlanner} (as in {@link PlannedH2Backend}): a
 *       filter with an {@code _id} equality (or {@code $in}) next to other conditions, such as a
 *       revision guard {@code {_id: a, revision: {$lt: 7}}} or its {@code $and} form, is answered from
 *       the {@code _id} index instead of by scanning the collection, and a filter that is only
 *       {@code _id $in} a list of strings returns the documents the index found without matching each
 *       against the whole list again (reading {@code k} documents by id cost {@code k²} comparisons: a
 *       fifth of the store's time under scoring-service's batch reads of 500 accounts);
 *   <li>a sort extracts each document's sort keys once instead of on every comparison, and a sort with
 *       a limit keeps only the best {@code skip + limit} documents instead of sorting all matches.
 * </ul>
 *
 * Results are identical to the plain backend's: same matching, same value order, ties in scan order.
 */
final class PlannedMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                return new PlannedCollection(this, collectionName, options, cursorRegistry);
            }
        };
    }

    static final class PlannedCollection extends MemoryCollection {
        /** The filter of documents already matched: the plain path then only skips, limits and projects. */
        private static final Document MATCHES_ALL = new Document();

        PlannedCollection(
                MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursorRegistry) {
            super(database, name, options, cursorRegistry);
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
                            positions -> super.matchDocumentsFromStream(
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

        @Override
        protected QueryResult matchDocumentsFromStream(
                Stream<Document> documents,
                Document query,
                Document orderBy,
                int skip,
                int limit,
                int batchSize,
                Document fieldSelector) {
            List<String> keys = sortKeys(orderBy);
            if (keys == null) {
                return super.matchDocumentsFromStream(documents, query, orderBy, skip, limit, batchSize, fieldSelector);
            }
            List<Comparator<Object>> directions = new ArrayList<>(keys.size());
            for (String key : keys) {
                directions.add(
                        ((Number) orderBy.get(key)).intValue() > 0 ? ValueComparator.asc() : ValueComparator.desc());
            }
            Comparator<Keyed> order = (a, b) -> {
                for (int i = 0; i < a.values.length; i++) {
                    int c = directions.get(i).compare(a.values[i], b.values[i]);
                    if (c != 0) {
                        return c;
                    }
                }
                return Long.compare(a.seq, b.seq);
            };
            long[] seq = {0};
            Stream<Keyed> matched = documents
                    .filter(d -> documentMatchesQuery(d, query))
                    .map(d -> new Keyed(values(d, keys), seq[0]++, d));
            List<Keyed> best;
            if (limit > 0) {
                int keep = skip + limit;
                PriorityQueue<Keyed> heap = new PriorityQueue<>(Math.min(keep, 1024) + 1, order.reversed());
                matched.forEach(k -> {
                    if (heap.size() < keep) {
                        heap.add(k);
                    } else if (order.compare(k, heap.peek()) < 0) {
                        heap.poll();
                        heap.add(k);
                    }
                });
                best = new ArrayList<>(heap);
            } else {
                best = new ArrayList<>(matched.toList());
            }
            best.sort(order);
            List<Document> page = best.stream().skip(skip).map(k -> k.document).toList();
            // The plain path projects and batches; the page is already matched and ordered.
            return super.matchDocumentsFromStream(MATCHES_ALL, page.stream(), 0, 0, batchSize, null, fieldSelector);
        }

        private record Keyed(Object[] values, long seq, Document document) {}

        private static Object[] values(Document d, List<String> keys) {
            Object[] values = new Object[keys.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Utils.getSubdocumentValueCollectionAware(d, keys.get(i));
            }
            return values;
        }

        /** The keys of an ordinary field sort, or null for none or for a special one ($natural, $meta). */
        private static List<String> sortKeys(Document orderBy) {
            if (orderBy == null || orderBy.isEmpty()) {
                return null;
            }
            List<String> keys = new ArrayList<>(orderBy.keySet());
            for (String key : keys) {
                if (key.startsWith("$") || !(orderBy.get(key) instanceof Number)) {
                    return null;
                }
            }
            return keys;
        }
    }
}
