package io.rapport.common.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** The scale of a survey answer: Net Promoter Score (0–10) or customer satisfaction (1–5). */
public enum SurveyKind {
    NPS(0, 10),
    CSAT(1, 5);

    private final int min;
    private final int max;

    SurveyKind(int min, int max) {
        this.min = min;
        this.max = max;
    }

    /** Lowest valid score on this scale. */
    public int min() {
        return min;
    }

    /** Highest valid score on this scale. */
    public int max() {
        return max;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
