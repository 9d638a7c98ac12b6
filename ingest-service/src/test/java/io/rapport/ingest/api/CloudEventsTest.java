package io.rapport.ingest.api;

import static io.rapport.ingest.api.ProblemAssert.assertBody;
import static io.rapport.ingest.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CloudEvents 1.0 structured mode, one event and a batch, mapped onto the contracts. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class CloudEventsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static ObjectNode invoice(String id, String type) {
        ObjectNode ce = MAPPER.createObjectNode()
                .put("specversion", "1.0")
                .put("id", id)
                .put("source", "netsuite")
                .put("type", type)
                .put("subject", "acc-ce-1")
                .put("time", "2026-03-20T08:00:00Z")
                .put("datacontenttype", "application/json");
        ce.putObject("data")
                .put("invoiceId", "INV-1")
                .put("amount", "1200.00")
                .put("currency", "EUR")
                .put("dueDate", "2026-04-20");
        return ce;
    }

    private static io.restassured.response.Response post(String contentType, String body) {
        return TestKeys.asIngest()
                .contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/v1/events");
    }

    @Test
    void aStructuredCloudEventIsPublishedAsTheContractEvent() {
        String id = "ce-" + UUID.randomUUID();
        var response = post(
                "application/cloudevents+json",
                invoice(id, "io.rapport.invoice_issued.v1").toString());
        assertBody(response, 202, "application/json", """
                {"accepted":1,"duplicate":0,"rejected":0,"results":[{"index":0,"eventId":"%s","status":"accepted"}]}
                """.formatted(id));
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            var records = kafka.readUntil(Topics.TRANSACTIONS, r -> r.value().contains(id), Duration.ofSeconds(20));
            var record = records.stream()
                    .filter(r -> r.value().contains(id))
                    .findFirst()
                    .orElseThrow();
            assertThat(record.key()).isEqualTo("acc-ce-1");
            assertThat(record.value())
                    .contains(
                            "\"type\":\"invoice_issued\"",
                            "\"occurredAt\":\"2026-03-20T08:00:00Z\"",
                            "\"source\":\"netsuite\"");
        }
    }

    @Test
    void aBatchWithTheBareTypeAndTheAccountInData() {
        String good = "ce-" + UUID.randomUUID();
        ObjectNode second = invoice("ce-" + UUID.randomUUID(), "invoice_issued");
        second.remove("subject");
        ((ObjectNode) second.get("data")).put("accountId", "acc-ce-2").put("currency", "XYZ");
        var response =
                post("application/cloudevents-batch+json", "[" + invoice(good, "invoice_issued") + "," + second + "]");
        assertBody(response, 202, "application/json", """
                {"accepted":1,"duplicate":0,"rejected":1,
                 "results":[{"index":0,"eventId":"%s","status":"accepted"},{"index":1,"status":"rejected"}],
                 "errors":[{"index":1,"field":"data.currency","reason":"must be an ISO-4217 currency code such as EUR or USD"}]}
                """.formatted(good));
    }

    @Test
    void errorsNameTheCloudEventsAttributes() {
        ObjectNode ce =
                invoice("ce-" + UUID.randomUUID(), "io.rapport.teleport.v1").put("specversion", "0.3");
        ce.remove("time");
        assertProblem(post("application/cloudevents+json", ce.toString()), 400, """
                {"type":"https://rapport.io/problems/validation","title":"Invalid event","status":400,
                 "detail":"1 event(s) rejected",
                 "errors":[{"index":0,"field":"specversion","reason":"must be \\"1.0\\""},
                           {"index":0,"field":"time","reason":"is required"},
                           {"index":0,"field":"type","reason":"unknown event type 'io.rapport.teleport.v1': expected io.rapport.<type>.v1 or <type>"}]}
                """);
    }

    @Test
    void contractErrorsAreReportedOnTheMappedAttribute() {
        ObjectNode ce = invoice("ce-" + UUID.randomUUID(), "invoice_issued").put("time", "not a time");
        assertProblem(post("application/cloudevents+json", ce.toString()), 400, """
                {"type":"https://rapport.io/problems/validation","title":"Invalid event","status":400,
                 "detail":"1 event(s) rejected",
                 "errors":[{"index":0,"field":"time","reason":"invalid value 'not a time': expected an ISO-8601 UTC timestamp such as 2026-11-30T14:05:00Z"}]}
                """);
        ObjectNode longSubject =
                invoice("ce-" + UUID.randomUUID(), "invoice_issued").put("subject", "s".repeat(200));
        assertProblem(post("application/cloudevents+json", longSubject.toString()), 400, """
                {"type":"https://rapport.io/problems/validation","title":"Invalid event","status":400,
                 "detail":"1 event(s) rejected",
                 "errors":[{"index":0,"field":"subject","reason":"size must be between 0 and 128"}]}
                """);
    }
}
