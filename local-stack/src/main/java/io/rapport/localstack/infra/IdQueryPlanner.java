package io.rapport.localstack.infra;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code _id} part of what MongoDB's query planner does and mongo-java-server does not, shared by the
 * local stack's memory and H2 collections (ADR 0002): mongo-java-server uses an index only for a filter
 * on exactly the index's fields, so a filter with an {@code _id} equality next to a guard such as
 * {@code {_id: a, version: 7}} scanned the whole collection; and a {@code _id $in} list, found through
 * the index, was then matched against the whole list again, document by document.
 */
final class IdQueryPlanner {
    private IdQueryPlanner() {}

    /**
     * The result of {@code query} found through the {@code _id} index, or empty when the plain path
     * should answer it.
     *
     * @param rematch the documents at the given positions that match the whole query
     * @param takeAll the documents at the given positions, which match it already
     */
    static <P> Optional<QueryResult> byId(
            Document query,
            Document orderBy,
            List<Index<P>> indexes,
            Function<Iterable<P>, QueryResult> rematch,
            Function<Iterable<P>, QueryResult> takeAll) {
        if (isStringIdList(query) && (orderBy == null || orderBy.isEmpty())) {
            // The unique index matched each string exactly, as the $in would: nothing to re-check.
            return through(indexes, query).map(takeAll);
        }
        if (query.size() > 1 || query.containsKey("$and")) {
            return idCondition(query).flatMap(id -> through(indexes, id)).map(rematch);
        }
        return Optional.empty();
    }

    private static <P> Optional<Iterable<P>> through(List<Index<P>> indexes, Document idCondition) {
        for (Index<P> index : indexes) {
            if (index.canHandle(idCondition)) {
                return Optional.of(index.getPositions(idCondition));
            }
        }
        return Optional.empty();
    }

    /** {@code {_id: {$in: [strings]}}} and nothing else. */
    private static boolean isStringIdList(Document query) {
        if (query.size() != 1 || !(query.get("_id") instanceof Document condition) || condition.size() != 1) {
            return false;
        }
        if (!(condition.get("$in") instanceof List<?> values)) {
            return false;
        }
        for (Object v : values) {
            if (!(v instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** The {@code _id} equality or {@code $in} of a filter, top level or inside its {@code $and}. */
    private static Optional<Document> idCondition(Document query) {
        if (query.containsKey("_id")) {
            return plainId(query.get("_id"));
        }
        if (query.get("$and") instanceof List<?> clauses) {
            for (Object clause : clauses) {
                if (clause instanceof Document d && d.size() == 1 && d.containsKey("_id")) {
                    Optional<Document> id = plainId(d.get("_id"));
                    if (id.isPresent()) {
                        return id;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Document> plainId(Object value) {
        if (value == null || BsonRegularExpression.isRegularExpression(value)) {
            return Optional.empty();
        }
        if (value instanceof Document d) {
            if (d.size() == 1 && d.get("$in") instanceof List<?>) {
                return Optional.of(new Document("_id", d));
            }
            return Optional.empty();
        }
        return Optional.of(new Document("_id", value));
    }
}
