package io.rapport.segmentation.domain;

import java.util.List;

/** A segment expression that does not parse, type-check or names an unknown attribute. */
public class InvalidExpressionException extends RuntimeException {
    private final List<ExpressionError> errors;

    public InvalidExpressionException(List<ExpressionError> errors) {
        super(
                errors.isEmpty()
                        ? "invalid expression"
                        : errors.get(0).line() + ":" + errors.get(0).column() + ": "
                                + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public List<ExpressionError> errors() {
        return errors;
    }
}
