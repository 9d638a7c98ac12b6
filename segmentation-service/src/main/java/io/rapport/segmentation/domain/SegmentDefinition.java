package io.rapport.segmentation.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A segment: a named CEL expression over {@link AccountFacts}. Every change of the expression makes a
 * new {@code version}; memberships record the version that put them there. {@code attributes} are the
 * declared attributes the expression reads ({@link SegmentExpressions.Compiled#attributes()}), determined
 * when it is saved; null for a definition stored before they were recorded (filled in at the next
 * reload).
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
        Instant updatedAt,
        Set<String> attributes) {

    /** The attribute of the value tier, which moves with the percentile cut-offs, without a new score. */
    public static final String VALUE_TIER = "valueTier";

    public SegmentDefinition {
        attributes = attributes == null ? null : Set.copyOf(attributes);
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
    }

    /** This definition with the attributes its expression reads. */
    public SegmentDefinition withAttributes(Set<String> read) {
        return new SegmentDefinition(
                id, name, description, expression, version, builtIn, createdBy, createdAt, updatedAt, read);
    }

    /**
     * Whether its members depend on the value tier, so moved cut-offs must re-evaluate it (null
     * attributes: not known yet).
     */
    public boolean readsValueTier() {
        return attributes != null && attributes.contains(VALUE_TIER);
    }

    /**
     * The next version of this definition with another name, description and expression ({@code
     * newAttributes} read by the new expression).
     */
    public SegmentDefinition revise(
            String newName, String newDescription, String newExpression, Set<String> newAttributes, Instant at) {
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
                at,
                newAttributes);
    }
}
