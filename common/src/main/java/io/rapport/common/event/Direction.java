package io.rapport.common.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who started a two-way interaction: the customer (inbound) or us (outbound). */
public enum Direction {
    INBOUND,
    OUTBOUND;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
