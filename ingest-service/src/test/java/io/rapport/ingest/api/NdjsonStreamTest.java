package io.rapport.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.event.EventType;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** NDJSON streaming: 100,000 events in one request, read line by line while the client still sends. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class NdjsonStreamTest {
    static final int EVENTS = 100_000;

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @TestHTTPResource("/v1/events")
    URI events;

    /**
     * Generates the stream on the fly. After the first 5,000 lines it waits until the service has stored
     * the first event's idempotency key: that only happens if the service processes the stream while it
     * is still being sent, i.e. never holds the whole body.
     */
    final class Generator extends InputStream {
        private final String prefix = "ndjson-" + UUID.randomUUID() + "-";
        private final ObjectNode template = EventExamples.tree(EventType.PRODUCT_USAGE);
        private byte[] line = new byte[0];
        private int position;
        private int next;
        boolean sawProcessingWhileSending;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == line.length) {
                if (next == EVENTS) {
                    return -1;
                }
                if (next == 5_000) {
                    sawProcessingWhileSending = awaitFirstKey();
                }
                template.put("eventId", prefix + next).put("accountId", "acc-ndjson-" + (next % 500));
                // every 10,000th line is invalid: a negative quantity is not allowed
                line = (template + "\n").getBytes(StandardCharsets.UTF_8);
                if (next % 10_000 == 9_999) {
                    line = ("{\"type\":\"product_usage\",\"eventId\":\"" + prefix + next + "\"}\n")
                            .getBytes(StandardCharsets.UTF_8);
                }
                position = 0;
                next++;
            }
            int n = Math.min(len, line.length - position);
            System.arraycopy(line, position, b, off, n);
            position += n;
            return n;
        }

        private boolean awaitFirstKey() {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (mongo.getDatabase(database)
                                .getCollection("idempotency_keys")
                                .find(Filters.eq("_id", prefix + 0))
                                .first()
                        != null) {
                    return true;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    @Test
    void aHundredThousandEventsInOneStreamedRequest() throws Exception {
        Generator generator = new Generator();
        HttpRequest request = HttpRequest.newBuilder(events)
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/x-ndjson")
                .header("X-API-Key", TestKeys.ingest())
                .timeout(Duration.ofMinutes(6))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> generator))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("accepted").asLong()).isEqualTo(EVENTS - 10);
        assertThat(body.get("rejected").asLong()).isEqualTo(10);
        assertThat(body.get("duplicate").asLong()).isZero();
        assertThat(body.has("results")).isFalse();
        java.util.Set<Integer> rejectedLines = new java.util.TreeSet<>();
        body.get("errors").forEach(error -> rejectedLines.add(error.get("index").asInt()));
        assertThat(rejectedLines)
                .containsExactly(9_999, 19_999, 29_999, 39_999, 49_999, 59_999, 69_999, 79_999, 89_999, 99_999);
        assertThat(body.get("errors").get(0).toString())
                .isEqualTo("{\"index\":9999,\"field\":\"accountId\",\"reason\":\"must not be blank\"}");
        assertThat(generator.sawProcessingWhileSending)
                .as("the service processed the first chunk while the body was still being sent")
                .isTrue();
        long stored = mongo.getDatabase(database)
                .getCollection("idempotency_keys")
                .countDocuments(Filters.regex("_id", "^" + generator.prefix));
        assertThat(stored).isEqualTo(EVENTS - 10);
    }
}
