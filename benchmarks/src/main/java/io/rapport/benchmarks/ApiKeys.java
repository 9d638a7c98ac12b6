package io.rapport.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.common.json.RapportJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API keys for services under test: a random bootstrap admin key handed to the service
 * ({@code RAPPORT_BOOTSTRAP_ADMIN_KEY}), and keys with narrower roles created through the admin API,
 * as a real client would get them.
 */
public final class ApiKeys {
    /** Environment variable a service reads its bootstrap admin key from. */
    public static final String BOOTSTRAP_ADMIN_KEY = "RAPPORT_BOOTSTRAP_ADMIN_KEY";

    private ApiKeys() {}

    /** A fresh admin key ({@code rk_benchadmin_<64 hex>}), valid only for this run. */
    public static String newAdminKey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return "rk_benchadmin_" + HexFormat.of().formatHex(secret);
    }

    /** Creates a key with one role through {@code POST /v1/admin/api-keys} of the service at {@code baseUrl}. */
    public static String create(HttpClient http, String baseUrl, String adminKey, String name, String role)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/v1/admin/api-keys"))
                        .header("Authorization", "Bearer " + adminKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "creating an API key answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode created = RapportJson.mapper().readTree(response.body());
        return created.get("key").asText();
    }
}
