package io.rapport.alert.notify;

/** Header names Rapport sets on outgoing notifications. */
public final class HttpHeaders {
    /** The notification's idempotency key: a receiver drops a repeat it has already seen. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Seconds since the epoch when the body was signed; part of the signed string, against replay. */
    public static final String TIMESTAMP = "X-Rapport-Timestamp";
    /** {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}. */
    public static final String SIGNATURE = "X-Rapport-Signature";

    private HttpHeaders() {}
}
