package io.rapport.ingest.api;

import static io.rapport.ingest.api.ProblemAssert.assertBody;
import static io.rapport.ingest.api.ProblemAssert.assertProblem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.event.EventType;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every class of bad input, each with the exact problem document it gets. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class BadInputTest {
    private static final String VALIDATION = "https://rapport.io/problems/validation";

    static ObjectNode order() {
        ObjectNode order = EventExamples.tree(EventType.ORDER);
        order.put("eventId", "bad-input-" + UUID.randomUUID());
        return order;
    }

    private static io.restassured.response.Response post(String contentType, String body) {
        return TestKeys.asIngest()
                .contentType(contentType)
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/events");
    }

    private static String oneError(String field, String reason) {
        return """
                {"type":"%s","title":"Invalid event","status":400,"detail":"1 event(s) rejected",
                 "errors":[{"index":0,"field":"%s","reason":"%s"}]}
                """.formatted(VALIDATION, field, reason.replace("\"", "\\\""));
    }

    @Test
    void malformedJson() {
        assertProblem(post("application/json", "{\"type\":\"order\",,}"), 400, """
                {"type":"https://rapport.io/problems/malformed-json","title":"Malformed JSON","status":400,
                 "detail":"malformed JSON: Unexpected character (',' (code 44)): was expecting double-quote to start field name"}
                """);
    }

    @Test
    void truncatedBody() {
        String whole = order().toString();
        assertProblem(post("application/json", whole.substring(0, whole.length() / 2)), 400, """
                {"type":"https://rapport.io/problems/malformed-json","title":"Malformed JSON","status":400,
                 "detail":"truncated JSON: the document ends before it is complete"}
                """);
    }

    @Test
    void wrongContentTypeIs415() {
        assertProblem(post("text/plain", order().toString()), 415, """
                {"type":"https://rapport.io/problems/unsupported-media-type","title":"Unsupported media type",
                 "status":415,"detail":"The content-type header value did not match the value in @Consumes"}
                """);
    }

    @Test
    void unknownEventType() {
        ObjectNode event = order().put("type", "teleport");
        assertProblem(
                post("application/json", event.toString()), 400, oneError("type", "unknown event type 'teleport'"));
    }

    @Test
    void missingRequiredField() {
        ObjectNode event = order();
        event.remove("orderId");
        assertProblem(post("application/json", event.toString()), 400, oneError("orderId", "must not be blank"));
    }

    @Test
    void wrongFieldType() {
        ObjectNode event = EventExamples.tree(EventType.MEETING).put("eventId", "bad-" + UUID.randomUUID());
        event.put("durationMinutes", "forty-five");
        assertProblem(
                post("application/json", event.toString()),
                400,
                oneError("durationMinutes", "wrong type: expected an integer"));
    }

    @Test
    void unparseableTimestamp() {
        ObjectNode event = order().put("occurredAt", "yesterday at noon");
        assertProblem(
                post("application/json", event.toString()),
                400,
                oneError(
                        "occurredAt",
                        "invalid value 'yesterday at noon': expected an ISO-8601 UTC timestamp such as 2026-11-30T14:05:00Z"));
    }

    @Test
    void timestampBeyondTheFutureSkew() {
        ObjectNode event = order().put(
                        "occurredAt",
                        Instant.now()
                                .plus(1, ChronoUnit.HOURS)
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString());
        assertProblem(
                post("application/json", event.toString()),
                400,
                oneError("occurredAt", "lies more than PT5M in the future"));
    }

    @Test
    void negativeAmount() {
        ObjectNode event = order().put("amount", "-5.00");
        assertProblem(
                post("application/json", event.toString()),
                400,
                oneError("amount", "must be greater than or equal to 0"));
    }

    @Test
    void unknownCurrency() {
        ObjectNode event = order().put("currency", "XYZ");
        assertProblem(
                post("application/json", event.toString()),
                400,
                oneError("currency", "must be an ISO-4217 currency code such as EUR or USD"));
    }

    @Test
    void surveyScoreOutOfRange() {
        ObjectNode event = EventExamples.tree(EventType.SURVEY_RESPONSE).put("eventId", "bad-" + UUID.randomUUID());
        event.put("survey", "nps").put("score", 11);
        assertProblem(
                post("application/json", event.toString()),
                400,
                oneError("score", "must be between 0 and 10 for a nps survey"));
    }

    @Test
    void overLongString() {
        ObjectNode event = order().put("accountId", "a".repeat(129));
        assertProblem(
                post("application/json", event.toString()),
                400,
                oneError("accountId", "size must be between 0 and 128"));
    }

    @Test
    void jsonBodyOverTheLimitIs413() {
        String padding = " ".repeat(5 * 1024 * 1024);
        assertProblem(post("application/json", order().toString() + padding), 413, """
                {"type":"https://rapport.io/problems/payload-too-large","title":"Payload too large","status":413,
                 "detail":"the request body exceeds the limit of 5242880 bytes for JSON; send large volumes as application/x-ndjson"}
                """);
    }

    @Test
    void ndjsonLineOverTheLineLimitIsRejectedAlone() {
        ObjectNode good = order();
        ObjectNode huge = order().put("source", "x".repeat(1024 * 1024));
        var response = post("application/x-ndjson", good + "\n" + huge + "\n\n{\"type\":\n");
        assertBody(response, 202, "application/json", """
                {"accepted":1,"duplicate":0,"rejected":2,
                 "errors":[{"index":1,"field":"","reason":"line longer than 1048576 bytes"},
                           {"index":3,"field":"","reason":"truncated JSON: the document ends before it is complete"}]}
                """);
    }

    @Test
    void aBatchAcceptsItsValidEventsAndRejectsItsInvalidOnes() {
        ObjectNode valid = order();
        ObjectNode invalid = order().put("currency", "XYZ");
        String body = "[" + valid + "," + invalid + "," + valid + "]";
        var response =
                TestKeys.asIngest().contentType("application/json").body(body).post("/v1/events/batch");
        assertBody(response, 202, "application/json", """
                {"accepted":1,"duplicate":1,"rejected":1,
                 "results":[{"index":0,"eventId":"%s","status":"accepted"},
                            {"index":1,"status":"rejected"},
                            {"index":2,"eventId":"%s","status":"duplicate"}],
                 "errors":[{"index":1,"field":"currency","reason":"must be an ISO-4217 currency code such as EUR or USD"}]}
                """.formatted(
                        valid.get("eventId").asText(), valid.get("eventId").asText()));
    }

    @Test
    void aBatchThatIsNotAnArray() {
        var response = TestKeys.asIngest()
                .contentType("application/json")
                .body(order().toString())
                .post("/v1/events/batch");
        assertProblem(response, 400, """
                {"type":"https://rapport.io/problems/malformed-json","title":"Malformed JSON","status":400,
                 "detail":"a batch must be a JSON array of events"}
                """);
    }
}
