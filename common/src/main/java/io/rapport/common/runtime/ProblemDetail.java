package io.rapport.common.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}); {@code errors} lists, for bad
 * input, each field and the reason (and for batches, the index of the rejected event).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(
        String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    /** Media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Base of the {@code type} URIs; the suffix names the problem, e.g. {@code validation}. */
    public static final String TYPE_BASE = "https://rapport.io/problems/";

    /** A problem without field errors. */
    public static ProblemDetail of(int status, String slug, String title, String detail) {
        return new ProblemDetail(TYPE_BASE + slug, title, status, detail, null, null);
    }

    /** One field that was rejected and why; {@code index} is the event's position in a batch. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(Integer index, String field, String reason) {
        public static FieldError of(String field, String reason) {
            return new FieldError(null, field, reason);
        }
    }
}
