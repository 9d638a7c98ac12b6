package io.rapport.alert.domain.routing;

/** An invalid alerting configuration; the message starts with the YAML path of the culprit. */
public class AlertingConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    public AlertingConfigException(String path, String reason) {
        super(path == null || path.isEmpty() ? reason : path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    /** The YAML path, e.g. {@code route.routes[2].matchers[0]}. */
    public String path() {
        return path;
    }

    /** The message without the path. */
    public String reason() {
        return reason;
    }
}
