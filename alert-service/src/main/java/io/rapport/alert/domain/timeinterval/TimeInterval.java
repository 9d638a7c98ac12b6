package io.rapport.alert.domain.timeinterval;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One Alertmanager time interval: every non-empty field must match (times, weekdays, days of
 * month, months, years), evaluated in {@code location} (UTC by default); an empty field matches
 * everything.
 */
public record TimeInterval(
        List<TimeRange> times,
        List<InclusiveRange> weekdays,
        List<InclusiveRange> daysOfMonth,
        List<InclusiveRange> months,
        List<InclusiveRange> years,
        ZoneId location) {

    private static final Map<String, Integer> WEEKDAYS =
            Map.of("sunday", 0, "monday", 1, "tuesday", 2, "wednesday", 3, "thursday", 4, "friday", 5, "saturday", 6);
    private static final List<String> MONTH_NAMES = List.of(
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december");

    public TimeInterval {
        times = List.copyOf(times);
        weekdays = List.copyOf(weekdays);
        daysOfMonth = List.copyOf(daysOfMonth);
        months = List.copyOf(months);
        years = List.copyOf(years);
        location = location == null ? ZoneOffset.UTC : location;
    }

    /** Whether the instant, seen in this interval's location, falls inside the interval. */
    public boolean contains(Instant instant) {
        ZonedDateTime t = instant.atZone(location);
        if (!times.isEmpty()) {
            int minute = t.getHour() * 60 + t.getMinute();
            if (times.stream().noneMatch(r -> r.contains(minute))) {
                return false;
            }
        }
        if (!daysOfMonth.isEmpty() && daysOfMonth.stream().noneMatch(r -> dayOfMonthMatches(r, t))) {
            return false;
        }
        if (!months.isEmpty() && months.stream().noneMatch(r -> r.contains(t.getMonthValue()))) {
            return false;
        }
        // java.time numbers Monday..Sunday 1..7; Alertmanager numbers Sunday..Saturday 0..6.
        int weekday = t.getDayOfWeek().getValue() % 7;
        if (!weekdays.isEmpty() && weekdays.stream().noneMatch(r -> r.contains(weekday))) {
            return false;
        }
        return years.isEmpty() || years.stream().anyMatch(r -> r.contains(t.getYear()));
    }

    private static boolean dayOfMonthMatches(InclusiveRange r, ZonedDateTime t) {
        int days = t.toLocalDate().lengthOfMonth();
        int begin = r.begin() < 0 ? days + r.begin() + 1 : r.begin();
        int end = r.end() < 0 ? days + r.end() + 1 : r.end();
        if (begin > days) {
            return false;
        }
        // Clamp so that e.g. 1:31 in February means "the whole month", never March.
        begin = Math.max(-days, Math.min(begin, days));
        end = Math.max(-days, Math.min(end, days));
        return t.getDayOfMonth() >= begin && t.getDayOfMonth() <= end;
    }

    /** Parses a weekday range such as {@code monday:friday} or {@code Saturday}. */
    public static InclusiveRange parseWeekdays(String s) {
        InclusiveRange r = parseRange(s, v -> {
            Integer d = WEEKDAYS.get(v);
            if (d == null) {
                throw new IllegalArgumentException(v + " is not a valid weekday");
            }
            return d;
        });
        if (r.begin() > r.end()) {
            throw new IllegalArgumentException("start day cannot be before end day");
        }
        return r;
    }

    /** Parses a day-of-month range such as {@code 1:5}, {@code 15} or {@code -3:-1} (from the month's end). */
    public static InclusiveRange parseDaysOfMonth(String s) {
        InclusiveRange r = parseRange(s, TimeInterval::integer);
        for (int v : new int[] {r.begin(), r.end()}) {
            if (v == 0 || v < -31 || v > 31) {
                throw new IllegalArgumentException(v + " is not a valid day of the month: out of range");
            }
        }
        if (r.begin() < 0 && r.end() > 0) {
            throw new IllegalArgumentException("end day must be negative if start day is negative");
        }
        // With negative indices, the shortest month (28 days) tells whether the range is always empty.
        int checkBegin = r.begin() < 0 ? 28 + r.begin() : r.begin();
        int checkEnd = r.end() < 0 ? 28 + r.end() : r.end();
        if (checkBegin > checkEnd) {
            throw new IllegalArgumentException("end day " + r.end() + " is always before start day " + r.begin());
        }
        return r;
    }

    /** Parses a month range of names or numbers, e.g. {@code january:march} or {@code 10:12}. */
    public static InclusiveRange parseMonths(String s) {
        InclusiveRange r = parseRange(s, v -> {
            int i = MONTH_NAMES.indexOf(v);
            if (i >= 0) {
                return i + 1;
            }
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(v + " is not a valid month");
            }
            if (n < 1 || n > 12) {
                throw new IllegalArgumentException(v + " is not a valid month: out of range");
            }
            return n;
        });
        if (r.begin() > r.end()) {
            throw new IllegalArgumentException("end month " + MONTH_NAMES.get(r.end() - 1) + " is before start month "
                    + MONTH_NAMES.get(r.begin() - 1));
        }
        return r;
    }

    /** Parses a year range such as {@code 2024:2026}. */
    public static InclusiveRange parseYears(String s) {
        InclusiveRange r = parseRange(s, TimeInterval::integer);
        if (r.begin() > r.end()) {
            throw new IllegalArgumentException("end year " + r.end() + " is before start year " + r.begin());
        }
        return r;
    }

    /** Resolves an IANA zone name ({@code Local} is refused: the service's zone must not matter). */
    public static ZoneId parseLocation(String s) {
        try {
            return ZoneId.of(s);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone " + s);
        }
    }

    private static int integer(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid number " + v);
        }
    }

    private static InclusiveRange parseRange(String in, Function<String, Integer> member) {
        String s = in.toLowerCase(Locale.ROOT);
        if (s.indexOf(':') >= 0) {
            String[] parts = s.split(":", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("couldn't parse range " + s + ", invalid format");
            }
            return new InclusiveRange(member.apply(parts[0]), member.apply(parts[1]));
        }
        int v = member.apply(s);
        return new InclusiveRange(v, v);
    }
}
