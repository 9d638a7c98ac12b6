package io.rapport.alert.domain.dispatch;

import java.time.Duration;

/**
 * The outcome of one delivery attempt, classified as the conventions ask: delivered, retryable
 * (5xx, timeout, connection, 429, SMTP 4xx) or permanent (other 4xx, SMTP 5xx, bad config).
 * {@code reason} is a low-cardinality metric tag; {@code detail} is already free of secrets.
 */
public sealed interface DeliveryResult {

    /** The receiver accepted the notification. */
    record Delivered() implements DeliveryResult {}

    /** Worth trying again; {@code retryAfter} is the receiver's own hint (429), or null. */
    record Retryable(String reason, String detail, Duration retryAfter) implements DeliveryResult {}

    /** Trying again would fail the same way. */
    record Permanent(String reason, String detail) implements DeliveryResult {}

    static DeliveryResult delivered() {
        return new Delivered();
    }

    /** Classifies an HTTP status; {@code retryAfter} applies to 429 and 503. */
    static DeliveryResult ofHttpStatus(int status, Duration retryAfter) {
        if (status >= 200 && status < 300) {
            return delivered();
        }
        if (status == 429) {
            return new Retryable(FailureReason.HTTP_429, "HTTP 429", retryAfter);
        }
        if (status >= 500) {
            return new Retryable(FailureReason.HTTP_5XX, "HTTP " + status, status == 503 ? retryAfter : null);
        }
        if (status == 408) {
            return new Retryable(FailureReason.TIMEOUT, "HTTP 408", null);
        }
        return new Permanent(FailureReason.HTTP_4XX, "HTTP " + status);
    }
}
