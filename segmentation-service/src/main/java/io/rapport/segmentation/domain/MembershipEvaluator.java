package io.rapport.segmentation.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Decides an account's entries and exits by evaluating every definition on its facts. Pure. */
public final class MembershipEvaluator {
    private MembershipEvaluator() {}

    /**
     * @param segments every live definition, compiled
     * @param current ids of the segments the account is a member of now
     */
    public static MembershipChangeSet evaluate(
            AccountFacts facts, Collection<CompiledSegment> segments, Set<String> current) {
        List<SegmentDefinition> entered = new ArrayList<>();
        List<SegmentDefinition> left = new ArrayList<>();
        List<SegmentDefinition> stayed = new ArrayList<>();
        for (CompiledSegment segment : segments) {
            boolean member = current.contains(segment.definition().id());
            boolean matches = segment.matches(facts);
            if (matches && !member) {
                entered.add(segment.definition());
            } else if (!matches && member) {
                left.add(segment.definition());
            } else if (matches) {
                stayed.add(segment.definition());
            }
        }
        return new MembershipChangeSet(facts.accountId(), entered, left, stayed);
    }
}
