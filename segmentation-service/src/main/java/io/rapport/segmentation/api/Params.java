package io.rapport.segmentation.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parsing and checks of query parameters shared by the resources; a bad one is a {@link BadRequest}. */
final class Params {
    private Params() {}

    /** An ISO-8601 instant, or a date meaning its start (UTC). */
    static Instant instant(String field, String value) {
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequest(field, "not an ISO-8601 date or instant");
        }
    }

    /** A page size between 1 and the configured maximum. */
    static int limit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new BadRequest("limit", "must be between 1 and " + max);
        }
        return limit;
    }
}
