package io.rapport.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.infra.EmbeddedKafkaBroker;
import io.rapport.localstack.infra.Ports;
import io.rapport.localstack.testing.KafkaTestClient;
import io.rapport.localstack.testing.SharedInfrastructure;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * <p>The service's producer points at a port where no broker listens yet (its own profile, so the
 * shared broker of the other tests is never stopped); the test later starts a broker on that port.
 */
@QuarkusTest
@TestProfile(KafkaUnavailableTest.UnreachableBroker.class)
class KafkaUnavailableTest {
    // Quarkus loads this class twice (the profile in JUnit's class loader, the test in its own): the
    // ports live in system properties so both copies agree on them.
    static final int BROKER_PORT = sharedFreePort("rapport.test.unreachable-broker-port");
    static final int CONTROLLER_PORT = sharedFreePort("rapport.test.unreachable-controller-port");

    /** The producer points at {@link #BROKER_PORT}, where nothing listens; short timeouts keep the test fast. */
    public static class UnreachableBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka.bootstrap.servers",
                    "127.0.0.1:" + BROKER_PORT,
                    "quarkus.mongodb.connection-string",
                    SharedInfrastructure.get().mongoConnectionString(),
                    "rapport.ingest.publish-timeout",
                    "PT2S",
                    "rapport.ingest.retry-after-seconds",
                    "7");
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

        Response refused = send(body);
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
                    .until(() -> send(body), r -> r.statusCode() != 503);
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

    private static Response send(String body) {
        return TestKeys.asIngest().contentType("application/json").body(body).post("/v1/events");
    }

    private Document idempotencyKey(String eventId) {
        return mongo.getDatabase(database)
                .getCollection("idempotency_keys")
                .find(new Document("_id", eventId))
                .first();
    }
}
