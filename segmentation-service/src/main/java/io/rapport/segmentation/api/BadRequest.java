package io.rapport.segmentation.api;

/** A query parameter or body field that is wrong, and why; answered with 400 problem+json. */
public class BadRequest extends RuntimeException {
    private final String field;

    public BadRequest(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
