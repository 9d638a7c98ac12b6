package io.rapport.ingest.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.auth.ApiKey;
import io.rapport.common.event.EventType;
import io.rapport.ingest.api.EventExamples;
import io.rapport.ingest.api.TestKeys;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** API keys: real keys created through the admin endpoint with the bootstrap admin key. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class ApiKeyAuthTest {
    private static final String UNAUTHORIZED =
            "{\"type\":\"https://rapport.io/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,";

    @Inject
    MongoClient mongo;

    private static String event() {
        return EventExamples.tree(EventType.COMPLAINT)
                .put("eventId", "auth-" + UUID.randomUUID())
                .toString();
    }

    @Test
    void withoutAKeyEventsAre401ProblemDocuments() {
        given().contentType("application/json")
                .body(event())
                .post("/v1/events")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"rapport\"")
                .body("type", equalTo("https://rapport.io/problems/unauthorized"))
                .body("detail", equalTo("an API key is required: send Authorization: Bearer rk_… or X-API-Key: rk_…"));
    }

    @Test
    void aWrongSecretAMalformedKeyAndARevokedKeyAre401() {
        String key = TestKeys.create("to-revoke", List.of("ingest"));
        String keyId = key.split("_")[1];
        for (String bad : List.of(key.substring(0, key.length() - 2) + "xx", "rk_nope", "not-a-key")) {
            given().header("X-API-Key", bad)
                    .contentType("application/json")
                    .body(event())
                    .post("/v1/events")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("detail", equalTo("the API key is not valid (unknown, revoked or malformed)"));
        }
        given().header("X-API-Key", key)
                .contentType("application/json")
                .body(event())
                .post("/v1/events")
                .then()
                .statusCode(202);
        given().header("X-API-Key", TestKeys.BOOTSTRAP_ADMIN)
                .delete("/v1/admin/api-keys/" + keyId)
                .then()
                .statusCode(204);
        given().header("X-API-Key", key)
                .contentType("application/json")
                .body(event())
                .post("/v1/events")
                .then()
                .statusCode(401);
        given().header("X-API-Key", TestKeys.BOOTSTRAP_ADMIN)
                .get("/v1/admin/api-keys")
                .then()
                .statusCode(200)
                .body("find { it.keyId == '" + keyId + "' }.revokedAt", not(equalTo(null)))
                .body("keyId", hasItem(keyId));
    }

    @Test
    void rolesDecide403() {
        given().header("Authorization", "Bearer " + TestKeys.analyst())
                .contentType("application/json")
                .body(event())
                .post("/v1/events")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://rapport.io/problems/forbidden"))
                .body("title", equalTo("Forbidden"));
        given().header("Authorization", "Bearer " + TestKeys.ingest())
                .get("/v1/admin/api-keys")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void keysAreStoredHashedAndListedWithoutSecrets() {
        String key = TestKeys.create("hash-check", List.of("ingest", "analyst"));
        String keyId = key.split("_")[1];
        String secret = key.substring(("rk_" + keyId + "_").length());
        Document stored = mongo.getDatabase("rapport_auth_ingest_test")
                .getCollection("api_keys")
                .find(Filters.eq("_id", keyId))
                .first();
        assertThat(stored).isNotNull();
        assertThat(stored.toJson()).doesNotContain(secret);
        assertThat(stored.getString("secretSha256")).isEqualTo(ApiKey.hash(secret));
        String list = given().header("X-API-Key", TestKeys.BOOTSTRAP_ADMIN)
                .get("/v1/admin/api-keys")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(list).contains(keyId).doesNotContain(secret).doesNotContain("secretSha256");
    }

    @Test
    void invalidCreationRequestsAreProblemDocuments() {
        given().header("X-API-Key", TestKeys.BOOTSTRAP_ADMIN)
                .contentType("application/json")
                .body(Map.of("name", "x", "roles", List.of("root")))
                .post("/v1/admin/api-keys")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("roles[0]"))
                .body("errors[0].reason", equalTo("must be one of admin, analyst, ingest"));
    }

    @Test
    void healthMetricsAndOpenApiNeedNoKey() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void keyMaterialNeverAppearsInTheLogs() {
        String key = TestKeys.create("log-check", List.of("ingest"));
        String secret = key.substring(key.indexOf('_', 3) + 1);
        String wrong = key.substring(0, key.length() - 4) + "zzzz";
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters())
                        + " " + (record.getThrown() == null ? "" : stackTrace(record.getThrown())));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            given().header("X-API-Key", wrong)
                    .contentType("application/json")
                    .body(event())
                    .post("/v1/events")
                    .then()
                    .statusCode(401);
            given().header("Authorization", "Bearer " + key)
                    .contentType("application/json")
                    .body(event())
                    .post("/v1/events")
                    .then()
                    .statusCode(202);
        } finally {
            root.removeHandler(capture);
        }
        assertThat(logged).as("something was logged while authenticating").isNotEmpty();
        assertThat(String.join("\n", logged))
                .doesNotContain(secret)
                .doesNotContain(wrong.substring(wrong.indexOf('_', 3) + 1));
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
