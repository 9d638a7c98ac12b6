package io.rapport.common.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks an API key against the store (on a worker thread: the driver blocks): the key must exist,
 * not be revoked, and its secret's SHA-256 must match in constant time. The identity's principal is
 * the key id, its roles the key's roles. Failures say nothing about which part was wrong.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {
    private static final Logger LOG = Logger.getLogger(ApiKeyIdentityProvider.class);

    private final ApiKeyRepository repository;

    ApiKeyIdentityProvider(ApiKeyRepository repository) {
        this.repository = repository;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> verify(request.key()));
    }

    SecurityIdentity verify(ApiKey key) {
        Optional<ApiKeyRepository.StoredKey> stored = repository.find(key.keyId());
        // Hash and compare even for an unknown id, so timing does not tell ids apart.
        boolean matches =
                key.matches(stored.map(ApiKeyRepository.StoredKey::secretHash).orElse(null));
        if (stored.isEmpty() || !matches || !stored.get().active()) {
            LOG.debugf("API key %s refused", key.keyId());
            throw new AuthenticationFailedException("invalid or revoked API key");
        }
        LOG.debugf(
                "API key %s authenticated with roles %s",
                key.keyId(), stored.get().roles());
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(key.keyId()))
                .addRoles(stored.get().roles())
                .addAttribute("apiKeyName", stored.get().name())
                .build();
    }
}
