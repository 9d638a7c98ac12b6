package io.rapport.segmentation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rapport.common.runtime.ProblemDetail;
import io.rapport.common.runtime.ProblemDetailMappers;
import io.rapport.segmentation.domain.InvalidExpressionException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** problem+json for the errors of this API that common's mappers do not know. */
public class SegmentationProblemMappers {

    /** A problem about an expression: each error with its 1-based line and column. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExpressionProblem(
            String type, String title, int status, String detail, List<ExpressionFieldError> errors) {}

    /** One expression error. */
    public record ExpressionFieldError(String field, int line, int column, String reason) {}

    @ServerExceptionMapper
    public Response invalidExpression(InvalidExpressionException e) {
        var errors = e.errors().stream()
                .map(x -> new ExpressionFieldError("expression", x.line(), x.column(), x.message()))
                .toList();
        return Response.status(400)
                .type(ProblemDetail.MEDIA_TYPE)
                .entity(new ExpressionProblem(
                        ProblemDetail.TYPE_BASE + "invalid-expression",
                        "Invalid segment expression",
                        400,
                        e.getMessage(),
                        errors))
                .build();
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequest e) {
        return ProblemDetailMappers.problem(new ProblemDetail(
                ProblemDetail.TYPE_BASE + "validation",
                "Invalid request",
                400,
                e.field() + ": " + e.getMessage(),
                null,
                List.of(ProblemDetail.FieldError.of(e.field(), e.getMessage()))));
    }
}
