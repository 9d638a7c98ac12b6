package io.rapport.alert.domain.routing;

import java.util.Objects;

/** A secret configuration value; it prints as {@code <secret>} so that no log or toString leaks it. */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a value, or returns null for null. */
    public static Secret of(String value) {
        return value == null ? null : new Secret(value);
    }

    /** The clear-text value, for the notifier that needs it and nobody else. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "<secret>";
    }
}
