package io.rapport.alert.notify;

import io.rapport.alert.domain.dispatch.DeliveryResult;
import io.rapport.alert.domain.dispatch.FailureReason;
import io.rapport.alert.domain.routing.Secret;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Posts JSON to Slack and webhook receivers and classifies the outcome; the URL (a credential for
 * Slack) never appears in a result, log or exception message it produces.
 */
@ApplicationScoped
public class HttpPoster {

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    HttpPoster(NotifyConfig config, Clock clock) {
        this.timeout = config.timeout();
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Posts {@code body} to {@code url} with {@code headers}; never throws for a failed call. */
    public DeliveryResult post(String url, String body, Map<String, String> headers) {
        HttpRequest.Builder req;
        try {
            req = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new DeliveryResult.Permanent(FailureReason.CONFIG, "invalid URL");
        }
        headers.forEach(req::header);
        try {
            HttpResponse<Void> resp = client.send(req.build(), HttpResponse.BodyHandlers.discarding());
            Duration retryAfter = resp.headers()
                    .firstValue("Retry-After")
                    .map(this::parseRetryAfter)
                    .orElse(null);
            return DeliveryResult.ofHttpStatus(resp.statusCode(), retryAfter);
        } catch (HttpTimeoutException e) {
            return new DeliveryResult.Retryable(FailureReason.TIMEOUT, "timed out", null);
        } catch (ConnectException e) {
            return new DeliveryResult.Retryable(FailureReason.CONNECTION, "connection refused", null);
        } catch (IOException e) {
            return new DeliveryResult.Retryable(
                    FailureReason.CONNECTION, e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult.Retryable(FailureReason.OTHER, "interrupted", null);
        }
    }

    /** {@code Retry-After} as delta-seconds or an HTTP-date; null if unparseable. */
    Duration parseRetryAfter(String value) {
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }

    /** The value of a secret given inline or as a file (Kubernetes Secret mount), trimmed. */
    public static String secret(Secret inline, String file) {
        if (inline != null) {
            return inline.reveal();
        }
        if (file != null && !file.isEmpty()) {
            try {
                return Files.readString(Path.of(file)).trim();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read secret file " + file);
            }
        }
        return null;
    }
}
