package io.rapport.common.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** The side of the relationship: the same scoring, segments and alerts serve all three. */
public enum AccountKind {
    CUSTOMER,
    SUPPLIER,
    PARTNER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
