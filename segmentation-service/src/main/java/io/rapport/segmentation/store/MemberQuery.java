package io.rapport.segmentation.store;

import java.util.List;
import org.bson.conversions.Bson;

/** A members page: sort key and direction, extra filters, page size and the keyset cursor. */
public record MemberQuery(SortKey sort, boolean descending, List<Bson> filters, int limit, After after) {

    /** The sortable keys, each backed by an index (segmentId, field, accountId). */
    public enum SortKey {
        SCORE("score"),
        VALUE("predictedValue"),
        RECENCY("lastActivity");

        private final String field;

        SortKey(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Where the previous page ended: its last sort value and account id. */
    public record After(Object value, String accountId) {}
}
