package io.rapport.localstack;

import io.rapport.common.event.RapportEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.localstack.demo.DemoDataGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Sends generated demo events through the ingest API, the way a source system would. */
final class DemoSeeder {
    private static final int BATCH = 500;
    private static final long SEED = 20261202L;

    private final String ingestUrl;
    private final String apiKey;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<RapportEvent> pending = new ArrayList<>(BATCH);
    private long sent;

    DemoSeeder(String ingestUrl, String apiKey) {
        this.ingestUrl = ingestUrl;
        this.apiKey = apiKey;
    }

    void seed(int accounts) {
        long started = System.nanoTime();
        System.out.printf("Seeding demo data for %d accounts through %s ...%n", accounts, ingestUrl);
        new DemoDataGenerator(SEED).generate(accounts, Instant.now(), event -> {
            pending.add(event);
            if (pending.size() == BATCH) {
                flush();
            }
        });
        flush();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Seeded %d events in %.1f s (%.0f events/s)%n", sent, seconds, sent / seconds);
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write('[');
        for (int i = 0; i < pending.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(RapportJson.toBytes(pending.get(i)));
        }
        body.write(']');
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/events/batch"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("ingest answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not reach ingest at " + ingestUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding", e);
        }
        sent += pending.size();
        pending.clear();
    }
}
