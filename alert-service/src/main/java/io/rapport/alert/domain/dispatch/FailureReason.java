package io.rapport.alert.domain.dispatch;

import java.util.List;

/** The known values of the {@code reason} tag of delivery failures, registered at start-up. */
public final class FailureReason {
    public static final String HTTP_5XX = "http_5xx";
    public static final String HTTP_429 = "http_429";
    public static final String HTTP_4XX = "http_4xx";
    public static final String TIMEOUT = "timeout";
    public static final String CONNECTION = "connection";
    public static final String SMTP_TRANSIENT = "smtp_transient";
    public static final String SMTP_REJECTED = "smtp_rejected";
    public static final String GAVE_UP = "gave_up";
    public static final String CONFIG = "config";
    public static final String OTHER = "other";

    /** Reasons of transient failures. */
    public static final List<String> TRANSIENT =
            List.of(HTTP_5XX, HTTP_429, TIMEOUT, CONNECTION, SMTP_TRANSIENT, OTHER);

    /** Reasons of permanent failures. */
    public static final List<String> PERMANENT = List.of(HTTP_4XX, SMTP_REJECTED, GAVE_UP, CONFIG, OTHER);

    private FailureReason() {}
}
