package io.rapport.scoring.domain;

import io.rapport.common.event.AccountKind;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An account's explainable relationship score at an instant: the weighted blend of its components, its
 * band and lifecycle stage, and the indicators alert rules read.
 *
 * @param accountId the account
 * @param kind customer, supplier or partner (selects the policy)
 * @param asOf the {@code now} it was computed for
 * @param score 0–100, {@code Σ weight × component}
 * @param band healthy, watch or at risk
 * @param stage lifecycle stage
 * @param components the four components, in {@link ComponentKind} order
 * @param indicators raw indicators for alerting (see {@link Indicators})
 */
public record RelationshipScore(
        String accountId,
        AccountKind kind,
        Instant asOf,
        double score,
        ScoreBand band,
        LifecycleStage stage,
        Map<ComponentKind, ScoreComponent> components,
        Map<String, Double> indicators) {
    public RelationshipScore {
        EnumMap<ComponentKind, ScoreComponent> c = new EnumMap<>(ComponentKind.class);
        c.putAll(components);
        components = Collections.unmodifiableMap(c);
        indicators = Collections.unmodifiableMap(new LinkedHashMap<>(indicators));
    }

    /** The value of one component. */
    public double component(ComponentKind kind) {
        ScoreComponent c = components.get(kind);
        if (c == null) throw new IllegalArgumentException("no component " + kind);
        return c.value();
    }

    /** The component values alone, e.g. for score history. */
    public Map<ComponentKind, Double> componentValues() {
        EnumMap<ComponentKind, Double> m = new EnumMap<>(ComponentKind.class);
        components.forEach((k, v) -> m.put(k, v.value()));
        return Collections.unmodifiableMap(m);
    }
}
