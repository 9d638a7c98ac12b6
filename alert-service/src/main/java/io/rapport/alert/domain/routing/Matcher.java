package io.rapport.alert.domain.routing;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * One label matcher ({@code name op value}) with Alertmanager semantics: a missing label matches as
 * the empty string and regular expressions are RE2, fully anchored as {@code ^(?:re)$}.
 */
public final class Matcher implements Comparable<Matcher> {

    private static final Comparator<Matcher> ORDER =
            Comparator.comparing(Matcher::name).thenComparing(Matcher::type).thenComparing(Matcher::value);

    private final MatchType type;
    private final String name;
    private final String value;
    private final Pattern pattern;

    private Matcher(MatchType type, String name, String value, Pattern pattern) {
        this.type = type;
        this.name = name;
        this.value = value;
        this.pattern = pattern;
    }

    /**
     * Creates a matcher; throws {@link IllegalArgumentException} when a regular expression does not
     * compile or the name is empty.
     */
    public static Matcher of(MatchType type, String name, String value) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("label name must not be empty");
        }
        Pattern pattern = null;
        if (type == MatchType.REGEXP || type == MatchType.NOT_REGEXP) {
            try {
                pattern = Pattern.compile("^(?:" + value + ")$");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return new Matcher(type, name, value, pattern);
    }

    /** Shorthand for an {@code =} matcher. */
    public static Matcher equal(String name, String value) {
        return of(MatchType.EQUAL, name, value);
    }

    /** Shorthand for an {@code =~} matcher. */
    public static Matcher regexp(String name, String value) {
        return of(MatchType.REGEXP, name, value);
    }

    /** Parses a single matcher such as {@code foo=~"a|b"}; see {@link MatcherParser#parseMatcher}. */
    public static Matcher parse(String input) {
        return MatcherParser.parseMatcher(input);
    }

    public MatchType type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** Whether the given label value (the empty string for a missing label) satisfies this matcher. */
    public boolean matches(String labelValue) {
        String v = labelValue == null ? "" : labelValue;
        return switch (type) {
            case EQUAL -> v.equals(value);
            case NOT_EQUAL -> !v.equals(value);
            case REGEXP -> pattern.matches(v);
            case NOT_REGEXP -> !pattern.matches(v);
        };
    }

    /** Whether the label set satisfies this matcher; a missing label counts as the empty string. */
    public boolean matches(Map<String, String> labels) {
        return matches(labels.getOrDefault(name, ""));
    }

    /** Whether this matcher accepts a missing (empty) label. */
    public boolean matchesEmpty() {
        return matches("");
    }

    @Override
    public int compareTo(Matcher other) {
        return ORDER.compare(this, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name, value);
    }

    /** Alertmanager's rendering: {@code name="value"}, the name quoted only when it needs to be. */
    @Override
    public String toString() {
        String n = GoQuote.isPlainName(name) ? name : GoQuote.quote(name);
        return n + type.operator() + GoQuote.quote(value);
    }
}
