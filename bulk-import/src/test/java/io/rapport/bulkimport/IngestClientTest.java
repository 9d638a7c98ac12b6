package io.rapport.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.rapport.localstack.infra.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's answer to each kind of reply, against a stub of the batch endpoint. */
class IngestClientTest {
    private static final String ACCEPTED_ONE =
            "{\"accepted\":1,\"duplicate\":0,\"rejected\":0,\"results\":[{\"index\":0,\"status\":\"accepted\"}]}";

    /** One scripted reply: status, Retry-After (or null) and body. */
    record Reply(int status, String retryAfter, String body) {}

    private final Deque<Reply> replies = new ConcurrentLinkedDeque<>();
    private final List<String> requests = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();
    private HttpServer server;

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/events/batch", exchange -> {
            synchronized (requests) {
                requests.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            Reply reply = replies.poll();
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (reply.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
            }
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    @Test
    void a503WithRetryAfterAndA502AreRetriedUntilTheServiceAnswers() throws Exception {
        replies.add(new Reply(503, "1", "{\"detail\":\"1 event(s) not written\"}"));
        replies.add(new Reply(502, null, "bad gateway"));
        replies.add(new Reply(202, null, ACCEPTED_ONE));

        IngestClient.ChunkAnswer answer = client(Duration.ofSeconds(30)).send(List.of("{\"eventId\":\"e-1\"}"));

        assertThat(answer.outcomes()).containsExactly(IngestClient.Outcome.ACCEPTED);
        assertThat(requests)
                .hasSize(3)
                .allSatisfy(r -> assertThat(r).isEqualTo("Bearer rk_key [{\"eventId\":\"e-1\"}]"));
        assertThat(notices)
                .containsExactly(
                        "ingest service unavailable (503 1 event(s) not written); retrying in 1000 ms", notices.get(1));
        assertThat(notices.get(1)).startsWith("ingest service unavailable (502 bad gateway); retrying in");
    }

    @Test
    void aChunkWhoseEventsWereAllRejectedIsAnAnswerNotAFailure() throws Exception {
        replies.add(new Reply(
                400,
                null,
                "{\"type\":\"https://rapport.io/problems/validation\",\"status\":400,\"errors\":["
                        + "{\"index\":0,\"field\":\"amount\",\"reason\":\"must be greater than or equal to 0\"},"
                        + "{\"index\":0,\"field\":\"currency\",\"reason\":\"unknown currency\"},"
                        + "{\"index\":1,\"field\":\"\",\"reason\":\"an event must be a JSON object\"}]}"));

        IngestClient.ChunkAnswer answer = client(Duration.ofSeconds(5)).send(List.of("{}", "[]"));

        assertThat(answer.outcomes()).containsExactly(IngestClient.Outcome.REJECTED, IngestClient.Outcome.REJECTED);
        assertThat(answer.reasons().get(0))
                .containsExactly(
                        new RejectsFile.Reason("amount", "must be greater than or equal to 0"),
                        new RejectsFile.Reason("currency", "unknown currency"));
        assertThat(answer.reasons().get(1))
                .containsExactly(new RejectsFile.Reason(null, "an event must be a JSON object"));
    }

    @Test
    void refusedKeysStopAtOnceWithAMessageThatSaysWhatToDo() {
        replies.add(new Reply(401, null, "{\"title\":\"Unauthorized\"}"));
        replies.add(new Reply(403, null, "{\"title\":\"Forbidden\"}"));

        assertThatThrownBy(() -> client(Duration.ofSeconds(30)).send(List.of("{}")))
                .isInstanceOf(IngestClient.StopException.class)
                .hasMessage("the ingest service did not accept the API key (401): give a valid key with --api-key"
                        + " or RAPPORT_API_KEY");
        assertThatThrownBy(() -> client(Duration.ofSeconds(30)).send(List.of("{}")))
                .hasMessage("the API key may not send events (403): it needs the ingest or admin role");
        assertThat(requests).hasSize(2);
    }

    @Test
    void aServiceThatIsNotThereIsRetriedForRetryForThenTheImportStops() {
        URI nothingListens = URI.create("http://127.0.0.1:" + Ports.freePort());
        IngestClient client = new IngestClient(nothingListens, "rk_key", Duration.ofSeconds(2), notices::add);

        assertThatThrownBy(() -> client.send(List.of("{}")))
                .isInstanceOf(IngestClient.StopException.class)
                .hasMessageStartingWith("the ingest service at " + nothingListens.resolve("/v1/events/batch")
                        + " did not take the chunk for 2 s (last: ConnectException");
        assertThat(notices).isNotEmpty().allSatisfy(n -> assertThat(n).contains("retrying in"));
    }

    private IngestClient client(Duration retryFor) {
        return new IngestClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "rk_key", retryFor, notices::add);
    }
}
