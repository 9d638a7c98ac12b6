package io.rapport.segmentation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A segment: a named CEL expression over {@link AccountFacts}. Every change of the expression makes a
 * new {@code version}; memberships record the version that put them there.
 */
public record SegmentDefinition(
        String id,
        String name,
        String description,
        String expression,
        int version,
        boolean builtIn,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public SegmentDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
    }

    /** The next version of this definition with another name, description and expression. */
    public SegmentDefinition revise(String newName, String newDescription, String newExpression, Instant at) {
        boolean changed = !expression.equals(newExpression);
        return new SegmentDefinition(
                id,
                newName,
                newDescription,
                newExpression,
                changed ? version + 1 : version,
                builtIn,
                createdBy,
                createdAt,
                at);
    }
}
