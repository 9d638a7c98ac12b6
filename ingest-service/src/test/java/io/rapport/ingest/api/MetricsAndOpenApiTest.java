package io.rapport.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.event.EventType;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The metrics on /q/metrics and the examples and schemas in /q/openapi. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class MetricsAndOpenApiTest {

    @Test
    void eventsAreCountedByTypeOutcomeAndReasonWithLatencyAndSize() {
        String accepted = EventExamples.tree(EventType.REFUND)
                .put("eventId", "m-" + UUID.randomUUID())
                .toString();
        String rejected =
                EventExamples.tree(EventType.REFUND).put("amount", "-1.00").toString();
        TestKeys.asIngest()
                .contentType("application/json")
                .body("[" + accepted + "," + rejected + "]")
                .post("/v1/events/batch")
                .then()
                .statusCode(202);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("ingest_events_total\\{outcome=\"accepted\",reason=\"none\",type=\"refund\"} [1-9]")
                .containsPattern(
                        "ingest_events_total\\{outcome=\"rejected\",reason=\"out_of_range\",type=\"refund\"} [1-9]")
                // registered at start: zeros, not gaps
                .contains("ingest_events_total{outcome=\"not_written\",reason=\"none\",type=\"quality_incident\"} 0.0")
                .contains("ingest_events_total{outcome=\"rejected\",reason=\"unknown_type\",type=\"unknown\"}")
                .contains("ingest_publish_latency_seconds_bucket{outcome=\"acknowledged\"")
                .containsPattern("ingest_request_size_bytes_count\\{format=\"batch\"} [1-9]");
    }

    @Test
    void theOpenApiDocumentHasAnExampleAndTheSchemaOfEveryType() {
        String openapi = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (EventType type : EventType.values()) {
            String eventId = EventExamples.tree(type).get("eventId").asText();
            assertThat(openapi)
                    .as(type.wireName())
                    .contains("\"event." + type.wireName() + "\"")
                    .contains("\"" + type.wireName() + "\" : {")
                    .contains(eventId);
        }
        assertThat(openapi).contains("application/x-ndjson", "application/cloudevents+json", "X-API-Key");
    }

    @Test
    void everyShippedExampleIsAcceptedByTheService() {
        StringBuilder batch = new StringBuilder("[");
        for (EventType type : EventType.values()) {
            if (batch.length() > 1) {
                batch.append(',');
            }
            batch.append(EventExamples.tree(type).put("eventId", "ex-" + UUID.randomUUID()));
        }
        TestKeys.asIngest()
                .contentType("application/json")
                .body(batch.append(']').toString())
                .post("/v1/events/batch")
                .then()
                .statusCode(202)
                .body("accepted", org.hamcrest.Matchers.equalTo(EventType.values().length));
    }
}
