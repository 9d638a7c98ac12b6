package io.rapport.common.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** How serious a complaint, incident or ticket is. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
