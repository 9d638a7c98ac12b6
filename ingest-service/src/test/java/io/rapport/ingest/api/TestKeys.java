package io.rapport.ingest.api;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real API keys for tests, created once per JVM through the admin endpoint with the bootstrap admin key
 * of the test profile.
 */
public final class TestKeys {
    /** The bootstrap admin key of the test profile (application.properties, %test). */
    public static final String BOOTSTRAP_ADMIN = "rk_testadmin_bootstrapSecretForTestsOnly0123456789abcdef";

    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

    private TestKeys() {}

    /** A key with the ingest role. */
    public static String ingest() {
        return key("ingest");
    }

    /** A key with only the analyst role. */
    public static String analyst() {
        return key("analyst");
    }

    /** A request specification carrying an ingest key. */
    public static RequestSpecification asIngest() {
        return given().header("Authorization", "Bearer " + ingest());
    }

    /** Creates a new key with these roles and returns it. */
    public static String create(String name, List<String> roles) {
        return given().header("X-API-Key", BOOTSTRAP_ADMIN)
                .contentType("application/json")
                .body(Map.of("name", name, "roles", roles))
                .post("/v1/admin/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
    }

    private static String key(String role) {
        return KEYS.computeIfAbsent(role, r -> create("test-" + r, List.of(r)));
    }
}
