package io.rapport.alert.domain.alert;

/** An action the alert's state does not allow (e.g. acknowledging a resolved alert). */
public class AlertStateException extends RuntimeException {
    public AlertStateException(String message) {
        super(message);
    }
}
