package io.rapport.alert.api;

import io.rapport.common.runtime.ProblemDetail;
import io.rapport.common.runtime.ProblemDetailMappers;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;

/** A 400 problem naming the rejected field(s). */
final class BadRequest {
    private BadRequest() {}

    static WebApplicationException field(String field, String reason) {
        return fields("Invalid request", List.of(ProblemDetail.FieldError.of(field, reason)), "validation");
    }

    static WebApplicationException fields(String title, List<ProblemDetail.FieldError> errors, String slug) {
        return problem(new ProblemDetail(
                ProblemDetail.TYPE_BASE + slug,
                title,
                400,
                errors.size() + " field(s) rejected: "
                        + errors.stream()
                                .map(e -> e.field() + ": " + e.reason())
                                .toList(),
                null,
                errors));
    }

    static WebApplicationException problem(ProblemDetail problem) {
        return new WebApplicationException(ProblemDetailMappers.problem(problem));
    }
}
