package io.rapport.common.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an alert is in its life: firing, acknowledged by someone, or resolved. */
public enum AlertState {
    FIRING,
    ACKNOWLEDGED,
    RESOLVED;

    /** The value on the wire: the lower-case name, e.g. {@code resolved}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
