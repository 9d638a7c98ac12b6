package io.rapport.common.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An API key presented by a client, to be checked by {@link ApiKeyIdentityProvider}. */
public final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {
    private final ApiKey key;

    public ApiKeyAuthenticationRequest(ApiKey key) {
        this.key = key;
    }

    public ApiKey key() {
        return key;
    }
}
