package io.rapport.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;

/** Asserts a response is exactly the expected problem document (or JSON body). */
final class ProblemAssert {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProblemAssert() {}

    static void assertBody(Response response, int status, String contentType, String expectedJson) {
        String body = response.asString();
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertThat(response.contentType()).as(body).startsWith(contentType);
        try {
            JsonNode actual = MAPPER.readTree(body);
            JsonNode expected = MAPPER.readTree(expectedJson);
            assertThat(actual).as(body).isEqualTo(expected);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    static void assertProblem(Response response, int status, String expectedJson) {
        assertBody(response, status, "application/problem+json", expectedJson);
    }
}
