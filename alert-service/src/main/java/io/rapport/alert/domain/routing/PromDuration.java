package io.rapport.alert.domain.routing;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Prometheus duration strings ({@code model.ParseDuration}): units {@code y w d h m s ms} in that
 * order, each at most once, e.g. {@code 1h30m}; a year is 365 days; {@code 0} alone is zero.
 */
public final class PromDuration {

    private static final Pattern FORMAT =
            Pattern.compile("^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$");
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
    };
    private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

    private PromDuration() {}

    /** Parses a Prometheus duration; throws {@link IllegalArgumentException} naming the bad input. */
    public static Duration parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        java.util.regex.Matcher m = FORMAT.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
        }
        long total = 0;
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            String digits = m.group(2 * i + 2);
            if (digits == null) {
                continue;
            }
            try {
                long n = Long.parseLong(digits);
                total = Math.addExact(total, Math.multiplyExact(n, UNIT_MILLIS[i]));
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("duration out of range: \"" + s + "\"");
            }
        }
        return Duration.ofMillis(total);
    }

    /** Formats like Prometheus' {@code model.Duration.String()}: {@code 1h30m}, {@code 1w}, {@code 0s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            long n = ms / UNIT_MILLIS[i];
            if (n > 0) {
                b.append(n).append(UNIT_NAMES[i]);
                ms -= n * UNIT_MILLIS[i];
            }
        }
        return b.toString();
    }
}
