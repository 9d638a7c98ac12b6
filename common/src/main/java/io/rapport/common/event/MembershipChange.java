package io.rapport.common.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether an account entered or left a segment. */
public enum MembershipChange {
    ENTERED,
    LEFT;

    /** The value on the wire: the lower-case name, e.g. {@code left}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
