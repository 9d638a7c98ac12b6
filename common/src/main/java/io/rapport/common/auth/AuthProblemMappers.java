package io.rapport.common.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.rapport.common.runtime.ProblemDetail;
import io.rapport.common.runtime.ProblemDetailMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 401 and 403 as {@code application/problem+json}, with a {@code WWW-Authenticate} challenge on 401. */
public class AuthProblemMappers {
    static final String CHALLENGE = "Bearer realm=\"rapport\"";

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated("an API key is required: send Authorization: Bearer rk_… or X-API-Key: rk_…");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated("the API key is not valid (unknown, revoked or malformed)");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ProblemDetailMappers.problem(ProblemDetail.of(
                403, "forbidden", "Forbidden", "the API key does not have a role that allows this request"));
    }

    private static Response unauthenticated(String detail) {
        return Response.fromResponse(
                        ProblemDetailMappers.problem(ProblemDetail.of(401, "unauthorized", "Unauthorized", detail)))
                .header("WWW-Authenticate", CHALLENGE)
                .build();
    }
}
