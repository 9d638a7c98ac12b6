package io.rapport.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.infra.EmbeddedKafkaBroker;
import io.rapport.localstack.infra.EmbeddedMongoServer;
import io.rapport.localstack.infra.Ports;
import io.rapport.localstack.testing.KafkaTestClient;
import io.rapport.localstack.testing.SharedInfrastructure;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Guards "never 202 for an event that was not written" over HTTP: with the broker unreachable the API
 * answers 503 problem+json with {@code Retry-After} and remembers nothing, so the same event sent again
 * once a broker is up is accepted, not reported as a duplicate.
 *
 * <p>The service's producer points at a port where no broker listens yet (its own test resource, so the
 * shared broker of the other tests is never stopped); the test later starts a broker on that port. The
 * resource has its own in-memory store rather than the shared infrastructure: Quarkus runs this class
 * in another class loader, where the shared one would be started a second time.
 */
@QuarkusTest
@WithTestResource(KafkaUnavailableTest.UnreachableBroker.class)
class KafkaUnavailableTest {
    // Quarkus loads this class twice (the resource in one class loader, the test in another): the ports
    // live in system properties so both copies agree on them.
    static final int BROKER_PORT = sharedFreePort("rapport.test.unreachable-broker-port");
    static final int CONTROLLER_PORT = sharedFreePort("rapport.test.unreachable-controller-port");

    /** The producer points at {@link #BROKER_PORT}, where nothing listens; short timeouts keep the test fast. */
    public static class UnreachableBroker implements QuarkusTestResourceLifecycleManager {
        private EmbeddedMongoServer mongo;

        @Override
        public Map<String, String> start() {
            mongo = new EmbeddedMongoServer(0, null).start();
            return Map.of(
                    "kafka.bootstrap.servers",
                    "127.0.0.1:" + BROKER_PORT,
                    "quarkus.mongodb.connection-string",
                    mongo.connectionString(),
                    "rapport.ingest.publish-timeout",
                    "PT2S",
                    "rapport.ingest.retry-after-seconds",
                    "7");
        }

        @Override
        public void stop() {
            if (mongo != null) {
                mongo.close();
            }
        }
    }

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void anUnreachableBrokerGets503WithRetryAfterAndTheRetryAfterRecoveryIsAccepted() throws Exception {
        String eventId = "evt-unwritten-" + UUID.randomUUID();
        String body = """
                {"type":"meeting","eventId":"%s","accountId":"acc-503","occurredAt":"2026-11-30T10:15:00Z",
                 "source":"salesforce","direction":"inbound","contact":{"contactId":"c-1"}}
                """.formatted(eventId);

        // its own key: this class has its own store, where keys cached by TestKeys for others do not exist
        String key = TestKeys.create("unavailable-test", List.of("ingest"));
        Response refused = send(key, body);
        ProblemAssert.assertProblem(refused, 503, """
                {"type":"https://rapport.io/problems/kafka-unavailable","title":"Event store unavailable",
                 "status":503,
                 "detail":"1 event(s) not written; 0 accepted, 0 duplicate, 0 rejected. Retry the ones not written.",
                 "errors":[{"index":0,"reason":"not written: Kafka did not acknowledge it; send it again"}]}
                """);
        assertThat(refused.header("Retry-After")).isEqualTo("7");
        assertThat(idempotencyKey(eventId)).as("nothing recorded as accepted").isNull();

        Path dir = Files.createTempDirectory("ingest-503");
        try (EmbeddedKafkaBroker broker =
                new EmbeddedKafkaBroker(BROKER_PORT, CONTROLLER_PORT, dir).start(Duration.ofSeconds(60))) {
            broker.createTopics(Topics.ALL, SharedInfrastructure.TEST_PARTITIONS);
            // The producer reconnects on its own; until it has, a retry may still get 503.
            Response retried = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> send(key, body), r -> r.statusCode() != 503);
            assertThat(retried.statusCode()).as(retried.asString()).isEqualTo(202);
            assertThat(retried.<Integer>path("accepted")).isEqualTo(1);
            assertThat(retried.<String>path("results[0].status")).isEqualTo("accepted");
            assertThat(idempotencyKey(eventId)).isNotNull();
            try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
                var records =
                        kafka.readUntil(Topics.INTERACTIONS, r -> r.value().contains(eventId), Duration.ofSeconds(20));
                assertThat(records)
                        .filteredOn(r -> r.value().contains(eventId))
                        .as("written once, by the accepted retry")
                        .hasSize(1);
            }
        }
    }

    private static synchronized int sharedFreePort(String property) {
        String port = System.getProperty(property);
        if (port == null) {
            port = String.valueOf(Ports.freePort());
            System.setProperty(property, port);
        }
        return Integer.parseInt(port);
    }

    private static Response send(String key, String body) {
        return given().header("Authorization", "Bearer " + key)
                .contentType("application/json")
                .body(body)
                .post("/v1/events");
    }

    private Document idempotencyKey(String eventId) {
        return mongo.getDatabase(database)
                .getCollection("idempotency_keys")
                .find(new Document("_id", eventId))
                .first();
    }
}
