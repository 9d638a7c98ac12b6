package io.rapport.scoring.domain;

import java.util.Locale;

/** Where a score falls: healthy, watch or at risk (thresholds in {@link ScoringPolicy.BandThresholds}). */
public enum ScoreBand {
    HEALTHY,
    WATCH,
    AT_RISK;

    /** The band of {@code score}: healthy at or above the healthy threshold, watch at or above watch. */
    public static ScoreBand of(double score, ScoringPolicy.BandThresholds thresholds) {
        if (score >= thresholds.healthy()) return HEALTHY;
        if (score >= thresholds.watch()) return WATCH;
        return AT_RISK;
    }

    /** Lower-case name, e.g. {@code at_risk}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
