package io.rapport.common.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** How urgent an alert is; receivers and routes match on it. */
public enum AlertSeverity {
    INFO,
    WARNING,
    CRITICAL;

    /** The value on the wire: the lower-case name, e.g. {@code critical}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
