package io.rapport.segmentation.api;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.rapport.segmentation.config.SegmentationConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Accepts {@code Authorization: Bearer <rapport.segmentation.service-token>} as a service principal with
 * the analyst and admin roles, for benchmarks and smoke tests. Without the property it authenticates
 * nobody; the platform's real mechanism (built elsewhere) is unaffected.
 */
@ApplicationScoped
public class ServiceTokenAuthenticationMechanism implements HttpAuthenticationMechanism {
    private final SegmentationConfig config;

    ServiceTokenAuthenticationMechanism(SegmentationConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        var token = config.serviceToken();
        String header = context.request().getHeader("Authorization");
        if (token.isEmpty() || token.get().isBlank() || header == null || !header.startsWith("Bearer ")) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        byte[] given = header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get().getBytes(StandardCharsets.UTF_8))) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal("service"))
                        .addRole(Roles.ANALYST)
                        .addRole(Roles.ADMIN)
                        .build());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().optional(java.util.Optional.empty());
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
