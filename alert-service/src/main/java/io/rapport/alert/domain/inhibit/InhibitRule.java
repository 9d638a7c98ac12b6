package io.rapport.alert.domain.inhibit;

import io.rapport.alert.domain.routing.Matcher;
import io.rapport.alert.domain.routing.Matchers;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An inhibit rule: a firing alert matching {@code sourceMatchers} mutes alerts matching
 * {@code targetMatchers} when both have the same values (missing counts as empty) for the
 * {@code equal} labels.
 */
public record InhibitRule(List<Matcher> sourceMatchers, List<Matcher> targetMatchers, Set<String> equal) {

    public InhibitRule {
        sourceMatchers = List.copyOf(sourceMatchers);
        targetMatchers = List.copyOf(targetMatchers);
        equal = Set.copyOf(equal);
    }

    public boolean matchesSource(Map<String, String> labels) {
        return Matchers.matchesAll(sourceMatchers, labels);
    }

    public boolean matchesTarget(Map<String, String> labels) {
        return Matchers.matchesAll(targetMatchers, labels);
    }

    /** Whether the two label sets agree on every {@code equal} label, a missing label being empty. */
    public boolean equalLabelsAgree(Map<String, String> a, Map<String, String> b) {
        for (String name : equal) {
            if (!Objects.equals(a.getOrDefault(name, ""), b.getOrDefault(name, ""))) {
                return false;
            }
        }
        return true;
    }
}
