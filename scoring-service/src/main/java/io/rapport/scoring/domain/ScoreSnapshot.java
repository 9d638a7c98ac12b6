package io.rapport.scoring.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A point of an account's score history: when, the score, and each component's value.
 *
 * @param at the {@code asOf} of the score
 * @param score the 0–100 score
 * @param components component values
 */
public record ScoreSnapshot(Instant at, double score, Map<ComponentKind, Double> components) {
    public ScoreSnapshot {
        EnumMap<ComponentKind, Double> c = new EnumMap<>(ComponentKind.class);
        c.putAll(components);
        components = Collections.unmodifiableMap(c);
    }

    /** The snapshot of a computed score. */
    public static ScoreSnapshot of(RelationshipScore s) {
        return new ScoreSnapshot(s.asOf(), s.score(), s.componentValues());
    }
}
