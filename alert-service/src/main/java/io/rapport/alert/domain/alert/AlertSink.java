package io.rapport.alert.domain.alert;

/**
 * Where each state of an alert goes once stored: the alerts topic and the notification side. It
 * must be synchronous and throw if it could not deliver, so the causing record is not acknowledged;
 * emitting the same state twice is harmless (deterministic event ids, idempotent notifications).
 */
public interface AlertSink {
    /** Publishes the alert's current state. */
    void emit(Alert alert);
}
