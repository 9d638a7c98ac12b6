package io.rapport.scoring.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One component of a score, with what it was computed from.
 *
 * @param kind which component
 * @param value 0–100, higher is better
 * @param weight its weight in the score (from the policy)
 * @param inputs the quantities it was computed from, in a stable, readable order (name → value); inputs
 *     that do not apply are absent
 * @param explanation one line saying why the value is what it is
 */
public record ScoreComponent(
        ComponentKind kind, double value, double weight, Map<String, Double> inputs, String explanation) {
    public ScoreComponent {
        Objects.requireNonNull(kind, "kind");
        // An input that does not apply (e.g. no survey yet) is left out rather than reported as null.
        LinkedHashMap<String, Double> in = new LinkedHashMap<>();
        inputs.forEach((k, v) -> {
            if (v != null) in.put(k, v);
        });
        inputs = Collections.unmodifiableMap(in);
    }

    /** This component's contribution to the score: {@code value × weight}. */
    public double contribution() {
        return value * weight;
    }
}
