package io.rapport.alert.domain.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Helpers over lists of matchers: conjunction matching and Alertmanager's sorted rendering. */
public final class Matchers {

    private Matchers() {}

    /** True when every matcher accepts the label set (an empty list matches everything). */
    public static boolean matchesAll(Collection<Matcher> matchers, Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Returns the matchers sorted by name, operator, value, as Alertmanager sorts route matchers. */
    public static List<Matcher> sorted(Collection<Matcher> matchers) {
        List<Matcher> copy = new ArrayList<>(matchers);
        copy.sort(null);
        return List.copyOf(copy);
    }

    /** Renders {@code {a="1",b=~"x"}} in the given order. */
    public static String toString(Collection<Matcher> matchers) {
        return matchers.stream().map(Matcher::toString).collect(Collectors.joining(",", "{", "}"));
    }
}
