package io.rapport.alert.domain.routing;

/** A matcher string that does not follow Alertmanager's matcher grammar. */
public class MatcherParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MatcherParseException(String message) {
        super(message);
    }
}
