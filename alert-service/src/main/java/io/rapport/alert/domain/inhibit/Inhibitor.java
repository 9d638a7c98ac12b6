package io.rapport.alert.domain.inhibit;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides inhibition like Alertmanager's inhibitor: an alert is inhibited when, for some rule, it
 * matches the target side and a currently firing alert matches the source side with equal
 * {@code equal} labels. When the alert matches both sides, source alerts that also match the
 * target side are ignored, so an alert never inhibits itself or its peers.
 */
public final class Inhibitor {

    private final List<InhibitRule> rules;

    public Inhibitor(Collection<InhibitRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Whether any inhibit rule is configured; without one, nobody needs the firing alerts' labels. */
    public boolean hasRules() {
        return !rules.isEmpty();
    }

    /** Whether {@code alert} is inhibited by one of the {@code firing} alerts' label sets. */
    public boolean isInhibited(Map<String, String> alert, Collection<Map<String, String>> firing) {
        return inhibitedBy(alert, firing).isPresent();
    }

    /** The first firing label set that inhibits {@code alert}, if any. */
    public Optional<Map<String, String>> inhibitedBy(
            Map<String, String> alert, Collection<Map<String, String>> firing) {
        for (InhibitRule rule : rules) {
            if (!rule.matchesTarget(alert)) {
                continue;
            }
            boolean twoSided = rule.matchesSource(alert);
            for (Map<String, String> source : firing) {
                if (!rule.matchesSource(source) || !rule.equalLabelsAgree(source, alert)) {
                    continue;
                }
                if (twoSided && rule.matchesTarget(source)) {
                    continue;
                }
                if (source.equals(alert)) {
                    continue;
                }
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }
}
