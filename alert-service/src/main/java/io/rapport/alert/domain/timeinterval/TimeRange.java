package io.rapport.alert.domain.timeinterval;

import java.util.regex.Pattern;

/**
 * A range of minutes of the day, start included and end excluded, from {@code HH:MM} strings
 * ({@code 24:00} allowed as an end).
 */
public record TimeRange(int startMinute, int endMinute) {

    private static final Pattern VALID = Pattern.compile("^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)");

    /** Parses {@code start_time}/{@code end_time}; throws {@link IllegalArgumentException} like Alertmanager. */
    public static TimeRange parse(String start, String end) {
        if (start == null || start.isEmpty() || end == null || end.isEmpty()) {
            throw new IllegalArgumentException("both start and end times must be provided");
        }
        int s = minutes(start);
        int e = minutes(end);
        if (s >= e) {
            throw new IllegalArgumentException("start time cannot be equal or greater than end time");
        }
        return new TimeRange(s, e);
    }

    private static int minutes(String hhmm) {
        if (!VALID.matcher(hhmm).matches()) {
            throw new IllegalArgumentException("couldn't parse timestamp " + hhmm + ", invalid format");
        }
        return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3, 5));
    }

    /** Whether the minute of the day lies in {@code [start, end)}. */
    public boolean contains(int minuteOfDay) {
        return minuteOfDay >= startMinute && minuteOfDay < endMinute;
    }
}
