package io.rapport.alert.domain.alert;

/** No alert has the given id. */
public class AlertNotFoundException extends RuntimeException {
    public AlertNotFoundException(String id) {
        super("no alert with id " + id);
    }
}
