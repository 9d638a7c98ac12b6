package io.rapport.common.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error of every service's REST API into {@code application/problem+json}. */
public class ProblemDetailMappers {
    private static final Logger LOG = Logger.getLogger(ProblemDetailMappers.class);

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<ProblemDetail.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(ProblemDetail.FieldError.of(fieldName(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(ProblemDetail.FieldError::field));
        return problem(new ProblemDetail(
                ProblemDetail.TYPE_BASE + "validation",
                "Invalid request",
                400,
                errors.size() + " field(s) rejected",
                null,
                errors));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? JsonPaths.of(mapping.getPath()) : null;
        String reason = JsonPaths.reason(e);
        List<ProblemDetail.FieldError> errors =
                field == null || field.isEmpty() ? null : List.of(ProblemDetail.FieldError.of(field, reason));
        return problem(new ProblemDetail(
                ProblemDetail.TYPE_BASE + "malformed-json", "Malformed JSON", 400, reason, null, errors));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(ProblemDetail.of(404, "not-found", "Not found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return problem(ProblemDetail.of(415, "unsupported-media-type", "Unsupported media type", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e) {
        return problem(ProblemDetail.of(405, "method-not-allowed", "Method not allowed", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getResponse().hasEntity()) {
            return e.getResponse(); // already a problem document built by the resource
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        Status known = Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return problem(ProblemDetail.of(status, "http-" + status, title, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Unexpected error", e);
        return problem(ProblemDetail.of(
                500, "internal", "Internal error", "An unexpected error occurred; see the service log."));
    }

    /** A response with a problem body and its media type. */
    public static Response problem(ProblemDetail problem) {
        return Response.status(problem.status())
                .type(ProblemDetail.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    private static String fieldName(Path path) {
        // Bean Validation paths start with the method and parameter ("create.arg0.name"): keep the field part.
        List<String> names = new ArrayList<>();
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, PARAMETER, RETURN_VALUE, CROSS_PARAMETER -> names.clear();
                default -> {
                    String name = node.getName();
                    if (node.getIndex() != null && !names.isEmpty()) {
                        int last = names.size() - 1;
                        names.set(last, names.get(last) + "[" + node.getIndex() + "]");
                    }
                    if (name != null && !name.startsWith("<")) {
                        names.add(name);
                    }
                }
            }
        }
        return String.join(".", names);
    }
}
