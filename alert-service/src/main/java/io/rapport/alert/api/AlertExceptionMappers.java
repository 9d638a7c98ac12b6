package io.rapport.alert.api;

import io.rapport.alert.domain.alert.AlertNotFoundException;
import io.rapport.alert.domain.alert.AlertStateException;
import io.rapport.alert.domain.rules.RuleValidationException;
import io.rapport.common.runtime.ProblemDetail;
import io.rapport.common.runtime.ProblemDetailMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Problem documents for the rules-and-alerts domain errors. */
public class AlertExceptionMappers {

    @ServerExceptionMapper
    public Response notFound(AlertNotFoundException e) {
        return ProblemDetailMappers.problem(ProblemDetail.of(404, "not-found", "Not found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response conflict(AlertStateException e) {
        return ProblemDetailMappers.problem(
                ProblemDetail.of(409, "alert-state", "Alert state conflict", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalidRule(RuleValidationException e) {
        boolean template = e.errors().stream().allMatch(f -> f.reason().startsWith("template error"));
        boolean type = e.errors().stream().anyMatch(f -> f.field().equals("type"));
        String slug = type ? "unknown-rule-type" : template ? "template-error" : "invalid-rule";
        String title = type ? "Unknown rule type" : template ? "Template error" : "Invalid rule";
        return ProblemDetailMappers.problem(new ProblemDetail(
                ProblemDetail.TYPE_BASE + slug,
                title,
                400,
                e.getMessage(),
                null,
                e.errors().stream()
                        .map(f -> ProblemDetail.FieldError.of(f.field(), f.reason()))
                        .toList()));
    }
}
