package io.rapport.common.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** The stage of a relationship, derived from the account's history. */
public enum LifecycleStage {
    PROSPECT,
    ONBOARDING,
    ACTIVE,
    COMMITTED,
    /** Committed, with a renewal due soon: the moment to secure it. */
    RENEWING,
    AT_RISK,
    LAPSED;

    /** The value on the wire: the lower-case name, e.g. {@code lapsed}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
