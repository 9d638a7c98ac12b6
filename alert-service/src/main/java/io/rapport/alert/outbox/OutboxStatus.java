package io.rapport.alert.outbox;

/** Lifecycle of an outbox item: pending → sending (leased) → sent | pending (retry) | failed. */
public enum OutboxStatus {
    PENDING,
    SENDING,
    SENT,
    FAILED;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
