package io.rapport.alert.domain.routing;

/** The four matcher operators of Alertmanager, in Alertmanager's sort order. */
public enum MatchType {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEXP("=~"),
    NOT_REGEXP("!~");

    private final String operator;

    MatchType(String operator) {
        this.operator = operator;
    }

    /** The operator as written in a matcher string, e.g. {@code =~}. */
    public String operator() {
        return operator;
    }

    @Override
    public String toString() {
        return operator;
    }
}
