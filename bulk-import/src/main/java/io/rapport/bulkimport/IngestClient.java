package io.rapport.bulkimport;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.common.json.RapportJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Sends chunks of events to {@code POST /v1/events/batch} and reads the answer per event. Transient
 * failures (connection refused or reset, timeouts, 429, 5xx including 503 while Kafka is away) are
 * retried with exponential back-off and jitter, honouring {@code Retry-After}, for at most {@code
 * retryFor}; a refused key or any other answer stops the import with the service's explanation.
 */
final class IngestClient {
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** What happened to one event of a chunk. */
    enum Outcome {
        ACCEPTED,
        DUPLICATE,
        REJECTED
    }

    /** The service's answer to a chunk: the outcome of each event (by index) and the reasons of rejections. */
    record ChunkAnswer(List<Outcome> outcomes, Map<Integer, List<RejectsFile.Reason>> reasons) {}

    /** The import cannot go on: the key was refused, the service said no, or stayed away too long. */
    static final class StopException extends Exception {
        StopException(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final URI batchUri;
    private final String apiKey;
    private final Duration retryFor;
    private final Consumer<String> notices;

    IngestClient(URI baseUrl, String apiKey, Duration retryFor, Consumer<String> notices) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        // appended, not resolved: a service behind a path prefix (https://gateway/ingest) keeps it
        this.batchUri = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/v1/events/batch");
        this.apiKey = apiKey;
        this.retryFor = retryFor;
        this.notices = notices;
    }

    /** Sends these events (each one JSON object) as one batch and returns the outcome of each. */
    ChunkAnswer send(List<String> events) throws StopException, InterruptedException {
        String body = "[" + String.join(",\n", events) + "]";
        HttpRequest request = HttpRequest.newBuilder(batchUri)
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long deadline = System.nanoTime() + retryFor.toNanos();
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            String failure;
            Duration wait = jitter(backoff);
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 202 || (status == 400 && isValidationProblem(response.body()))) {
                    return answer(events.size(), status, response.body());
                }
                if (status != 429 && status < 500) {
                    throw new StopException(refusal(status, response.body()));
                }
                failure = status + " " + problemDetail(response.body());
                wait = retryAfter(response).orElse(wait);
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new StopException("the ingest service at " + batchUri + " did not take the chunk for "
                        + retryFor.toSeconds() + " s (last: " + failure + ")");
            }
            wait = Duration.ofNanos(Math.min(wait.toNanos(), left));
            notices.accept("ingest service unavailable (" + failure + "); retrying in " + wait.toMillis() + " ms");
            Thread.sleep(wait.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private static ChunkAnswer answer(int size, int status, String body) throws StopException {
        JsonNode json = parse(body);
        Map<Integer, List<RejectsFile.Reason>> reasons = new HashMap<>();
        for (JsonNode error : json.path("errors")) {
            String field = error.path("field").asText("");
            reasons.computeIfAbsent(error.path("index").asInt(-1), i -> new ArrayList<>())
                    .add(new RejectsFile.Reason(
                            field.isEmpty() ? null : field, error.path("reason").asText()));
        }
        List<Outcome> outcomes = new ArrayList<>(size);
        if (status == 400) {
            // nothing was taken: every event of the chunk was rejected
            for (int i = 0; i < size; i++) {
                outcomes.add(Outcome.REJECTED);
            }
            return new ChunkAnswer(outcomes, reasons);
        }
        JsonNode results = json.path("results");
        if (results.size() != size) {
            throw new StopException("the ingest service answered " + results.size() + " results for " + size
                    + " events; is it a Rapport ingest service of the same version?");
        }
        for (JsonNode result : results) {
            outcomes.add(Outcome.valueOf(result.path("status").asText().toUpperCase(Locale.ROOT)));
        }
        return new ChunkAnswer(outcomes, reasons);
    }

    private static boolean isValidationProblem(String body) {
        try {
            return parse(body).path("type").asText().endsWith("/validation");
        } catch (StopException e) {
            return false;
        }
    }

    private static String refusal(int status, String body) {
        return switch (status) {
            case 401 ->
                "the ingest service did not accept the API key (401): give a valid key with --api-key"
                        + " or RAPPORT_API_KEY";
            case 403 -> "the API key may not send events (403): it needs the ingest or admin role";
            case 413 -> "the ingest service refused a chunk as too large (413): lower --chunk-size";
            default -> "the ingest service refused the chunk (" + status + " " + problemDetail(body) + ")";
        };
    }

    private static String problemDetail(String body) {
        try {
            JsonNode json = parse(body);
            return json.path("detail").asText(json.path("title").asText(""));
        } catch (StopException e) {
            return body.length() > 200 ? body.substring(0, 200) + "…" : body;
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: fall back to our own back-off
            }
        });
    }

    private static Duration jitter(Duration backoff) {
        double factor = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (backoff.toMillis() * factor));
    }

    private static JsonNode parse(String body) throws StopException {
        try {
            return RapportJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new StopException("the ingest service answered something that is not JSON: "
                    + (body.length() > 200 ? body.substring(0, 200) + "…" : body));
        }
    }
}
