package io.rapport.segmentation.api;

import io.rapport.segmentation.store.MemberQuery;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import org.bson.Document;

/**
 * Opaque keyset cursors: the last row's sort key and account id (base64url), so the next page starts
 * strictly after it and members joining or leaving between pages neither shift nor repeat rows.
 */
final class Cursors {
    private Cursors() {}

    static String encode(MemberQuery.SortKey sort, Document last) {
        Object value = last.get(sort.field());
        String v = value instanceof Date d ? Long.toString(d.getTime()) : String.valueOf(value);
        String raw = sort.name() + "\n" + v + "\n" + last.getString("accountId");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static MemberQuery.After decode(MemberQuery.SortKey sort, String cursor) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("cursor", "not a cursor of this API");
        }
        String[] parts = raw.split("\n", 3);
        if (parts.length != 3 || !parts[0].equals(sort.name())) {
            throw new BadRequest("cursor", "the cursor belongs to another sort order");
        }
        try {
            Object value = sort == MemberQuery.SortKey.RECENCY
                    ? new Date(Long.parseLong(parts[1]))
                    : (Object) Double.parseDouble(parts[1]);
            return new MemberQuery.After(value, parts[2]);
        } catch (NumberFormatException e) {
            throw new BadRequest("cursor", "not a cursor of this API");
        }
    }

    /**
     * The cursor of a history page (a segment's, oldest first, or an account's, newest first): the last
     * change's time and event id, the unique tie-breaker of both sorts.
     */
    static String encodeHistory(Document last) {
        String raw = last.getDate("at").getTime() + "\n" + last.getString("_id");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Document decodeHistory(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 2);
            return new Document("at", new Date(Long.parseLong(parts[0]))).append("_id", parts[1]);
        } catch (RuntimeException e) {
            throw new BadRequest("cursor", "not a cursor of this API");
        }
    }
}
