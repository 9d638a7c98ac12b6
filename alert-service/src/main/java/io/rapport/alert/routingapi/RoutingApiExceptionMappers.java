package io.rapport.alert.routingapi;

import io.rapport.common.runtime.ProblemDetail;
import io.rapport.common.runtime.ProblemDetailMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps rejected silences to {@code application/problem+json} naming each field. */
public class RoutingApiExceptionMappers {

    @ServerExceptionMapper
    public Response invalidSilence(SilenceValidationException e) {
        return ProblemDetailMappers.problem(new ProblemDetail(
                ProblemDetail.TYPE_BASE + "validation",
                "Invalid silence",
                400,
                "the silence was rejected; see errors",
                null,
                e.errors()));
    }
}
