package io.rapport.alert.domain.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule that cannot be accepted, with each offending field and the reason. */
public class RuleValidationException extends RuntimeException {
    private final List<FieldError> errors;

    public RuleValidationException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.reason()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    /** The rejected fields, e.g. {@code parameters.threshold} or {@code summary}. */
    public List<FieldError> errors() {
        return errors;
    }

    /** One rejected field and why. */
    public record FieldError(String field, String reason) {}
}
