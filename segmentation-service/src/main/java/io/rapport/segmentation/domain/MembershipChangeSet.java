package io.rapport.segmentation.domain;

import java.util.List;

/**
 * What evaluating one account against every definition decided: the segments it entered, left, and
 * those it stays in (whose sort keys still need refreshing).
 */
public record MembershipChangeSet(
        String accountId,
        List<SegmentDefinition> entered,
        List<SegmentDefinition> left,
        List<SegmentDefinition> stayed) {

    public boolean hasChanges() {
        return !entered.isEmpty() || !left.isEmpty();
    }
}
