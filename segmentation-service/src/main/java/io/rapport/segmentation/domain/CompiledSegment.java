package io.rapport.segmentation.domain;

/** A definition with its compiled expression, ready to evaluate. */
public record CompiledSegment(SegmentDefinition definition, SegmentExpressions.Compiled expression) {

    /** Whether the account belongs; an expression that fails on this account's facts means no. */
    public boolean matches(AccountFacts facts) {
        try {
            return expression.matches(facts);
        } catch (SegmentExpressions.EvaluationException e) {
            return false;
        }
    }
}
