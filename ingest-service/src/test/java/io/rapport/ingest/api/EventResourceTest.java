package io.rapport.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.mongodb.client.MongoClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class EventResourceTest {

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void anAcceptedEventIsInKafkaKeyedByAccountAndRememberedForDeduplication() {
        String eventId = "evt-" + UUID.randomUUID();
        String body = """
                {"type":"meeting","eventId":"%s","accountId":"acc-ingest-1","occurredAt":"2026-11-30T10:15:00Z",
                 "source":"salesforce","direction":"inbound",
                 "contact":{"contactId":"c-1","name":"Ada Byron","email":"ada@example.com"},"durationMinutes":45}
                """.formatted(eventId);

        TestKeys.asIngest()
                .contentType("application/json")
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("results[0].status", equalTo("accepted"));

        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            var records =
                    kafka.readUntil(Topics.INTERACTIONS, r -> r.value().contains(eventId), Duration.ofSeconds(20));
            ConsumerRecord<String, String> record = records.stream()
                    .filter(r -> r.value().contains(eventId))
                    .findFirst()
                    .orElseThrow();
            assertThat(record.key()).isEqualTo("acc-ingest-1");
            assertThat(KafkaTestClient.header(record, Topics.HEADER_EVENT_TYPE)).isEqualTo("meeting");
            assertThat(KafkaTestClient.header(record, Topics.HEADER_SCHEMA_VERSION))
                    .isEqualTo("1");
        }
        Document key = mongo.getDatabase(database)
                .getCollection("idempotency_keys")
                .find(new Document("_id", eventId))
                .first();
        assertThat(key).isNotNull().containsEntry("accountId", "acc-ingest-1").containsEntry("type", "meeting");

        TestKeys.asIngest()
                .contentType("application/json")
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(0))
                .body("duplicate", equalTo(1))
                .body("results[0].status", equalTo("duplicate"));
    }

    @Test
    void anInvalidEventGetsAProblemDocumentNamingTheField() {
        TestKeys.asIngest()
                .contentType("application/json")
                .body("""
                        {"type":"order","eventId":"e-neg","accountId":"acc-1","occurredAt":"2026-11-30T10:15:00Z",
                         "source":"erp","orderId":"o-1","amount":"-5.00","currency":"EUR"}
                        """)
                .post("/v1/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://rapport.io/problems/validation"))
                .body("errors[0].index", equalTo(0))
                .body("errors[0].field", equalTo("amount"))
                .body("errors[0].reason", equalTo("must be greater than or equal to 0"));
    }

    @Test
    void healthAndMetricsAndOpenApiAnswer() {
        // ready means Kafka and MongoDB answer: both checks are part of readiness
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(
                        "checks.name",
                        org.hamcrest.Matchers.hasItems(
                                "MongoDB connection health check", "Kafka connection health check"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
