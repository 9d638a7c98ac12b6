package io.rapport.common.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a score was recomputed: an incoming event, time passing, a model refit or a replay. */
public enum ScoreCause {
    EVENT,
    TIME_DECAY,
    MODEL_REFIT,
    REPLAY;

    /** The value on the wire: the lower-case name, e.g. {@code replay}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
