package io.rapport.alert.routingapi;

import io.rapport.common.runtime.ProblemDetail;
import java.util.List;

/** A silence request was rejected; carries each field and the reason. */
public class SilenceValidationException extends RuntimeException {
    private final List<ProblemDetail.FieldError> errors;

    public SilenceValidationException(List<ProblemDetail.FieldError> errors) {
        super("invalid silence");
        this.errors = List.copyOf(errors);
    }

    public List<ProblemDetail.FieldError> errors() {
        return errors;
    }
}
