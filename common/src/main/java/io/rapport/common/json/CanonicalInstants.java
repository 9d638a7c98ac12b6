package io.rapport.common.json;

import java.time.Instant;

/**
 * Reads the one form producers almost always send, {@code 2026-03-14T09:30:00Z} with up to nine fraction
 * digits, without {@code DateTimeFormatter}: parsing instants through it took a tenth of a consumer's CPU
 * (JFR, scoring-service). Anything else — offsets, lower-case letters, leap seconds, out-of-range fields,
 * years beyond four digits, malformed text — is left to the standard parser (it returns null), so what is
 * accepted or refused, and with which message, does not change.
 */
final class CanonicalInstants {
    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    private static final long SECONDS_PER_DAY = 86_400;

    private CanonicalInstants() {}

    /** The instant {@code text} denotes when it is in the canonical UTC form and valid, otherwise null. */
    static Instant parse(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || n == 21 || text.charAt(n - 1) != 'Z') return null;
        if (text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T') return null;
        if (text.charAt(13) != ':' || text.charAt(16) != ':') return null;
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) return null;
        if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
        if (hour > 23 || minute > 59 || second > 59) return null;
        int nanos = 0;
        if (n > 20) {
            // ".", then 1 to 9 digits, then "Z".
            if (text.charAt(19) != '.') return null;
            int fraction = n - 21;
            int value = digits(text, 20, fraction);
            if (value < 0) return null;
            nanos = value;
            for (int i = fraction; i < 9; i++) nanos *= 10;
        } else if (text.charAt(19) != 'Z') {
            return null;
        }
        long epochDay = epochDay(year, month, day);
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) return -1;
            value = value * 10 + d;
        }
        return value;
    }

    private static int daysIn(int year, int month) {
        if (month == 2 && isLeap(year)) return 29;
        return DAYS_IN_MONTH[month - 1];
    }

    private static boolean isLeap(int year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    /** Days since 1970-01-01 in the proleptic Gregorian calendar (as {@code LocalDate.toEpochDay}). */
    private static long epochDay(int year, int month, int day) {
        // Days from civil, counting years from March so that the leap day is the last of the year.
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int monthFromMarch = (month + 9) % 12;
        int dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }
}
