package io.rapport.common.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a relationship score falls: healthy, worth watching, or at risk. */
public enum ScoreBand {
    HEALTHY,
    WATCH,
    AT_RISK;

    /** The value on the wire: the lower-case name, e.g. {@code at_risk}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
