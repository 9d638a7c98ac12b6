package io.rapport.alert.outbox;

/**
 * Lifecycle of an outbox item: pending → sending (leased) → pending (retry), or out of the outbox with
 * the notification log's outcome sent | failed. Items of the layout before ADR 0009 stayed in the
 * outbox as sent or failed; start-up moves them to the log.
 */
public enum OutboxStatus {
    PENDING,
    SENDING,
    SENT,
    FAILED;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
