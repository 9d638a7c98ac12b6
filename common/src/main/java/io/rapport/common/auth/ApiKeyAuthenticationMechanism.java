package io.rapport.common.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an API key from {@code Authorization: Bearer rk_…} or {@code X-API-Key: rk_…}. No key means
 * anonymous (endpoints that need a role then answer 401); a key in the wrong form fails at once. The
 * key is never logged: failures carry a fixed message.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {
    /** Header an API key may be sent in, instead of {@code Authorization: Bearer}. */
    public static final String API_KEY_HEADER = "X-API-Key";

    private static final String BEARER = "bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Optional<String> presented = presentedKey(context);
        if (presented.isEmpty()) {
            return Uni.createFrom().optional(Optional.empty());
        }
        Optional<ApiKey> key = ApiKey.parse(presented.get());
        if (key.isEmpty()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("malformed API key"));
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyAuthenticationRequest(key.get()), context));
    }

    static Optional<String> presentedKey(RoutingContext context) {
        String header = context.request().getHeader(API_KEY_HEADER);
        if (header != null && !header.isBlank()) {
            return Optional.of(header.trim());
        }
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(authorization.substring(BEARER.length()).trim());
        }
        return Optional.empty();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"rapport\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }
}
