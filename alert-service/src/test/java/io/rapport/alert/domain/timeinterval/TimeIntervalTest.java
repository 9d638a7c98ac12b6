package io.rapport.alert.domain.timeinterval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeIntervalTest {

    private static TimeInterval interval(
            List<TimeRange> times,
            List<String> weekdays,
            List<String> days,
            List<String> months,
            List<String> years,
            String zone) {
        return new TimeInterval(
                times,
                weekdays.stream().map(TimeInterval::parseWeekdays).toList(),
                days.stream().map(TimeInterval::parseDaysOfMonth).toList(),
                months.stream().map(TimeInterval::parseMonths).toList(),
                years.stream().map(TimeInterval::parseYears).toList(),
                zone == null ? null : ZoneId.of(zone));
    }

    /** Monday to Friday, 09:00 to 17:00 in Paris. */
    private static final TimeInterval PARIS_BUSINESS_HOURS = interval(
            List.of(TimeRange.parse("09:00", "17:00")),
            List.of("monday:friday"),
            List.of(),
            List.of(),
            List.of(),
            "Europe/Paris");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2024-01-15T08:00:00Z | true   | Monday 09:00 in Paris (UTC+1 in winter)
            2024-01-15T07:59:59Z | false  | Monday 08:59 in Paris
            2024-01-15T15:59:00Z | true   | Monday 16:59 in Paris
            2024-01-15T16:00:00Z | false  | end time is excluded
            2024-07-15T07:00:00Z | true   | Monday 09:00 in Paris (UTC+2 in summer)
            2024-07-15T15:00:00Z | false  | Monday 17:00 in Paris in summer
            2024-01-13T10:00:00Z | false  | Saturday
            2024-01-19T23:30:00Z | false  | Friday in UTC but Saturday 00:30 in Paris
            """)
    void businessHoursInAZone(String instant, boolean expected, String why) {
        assertThat(PARIS_BUSINESS_HOURS.contains(Instant.parse(instant)))
                .as(why)
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "days {0} at {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            -1       | 2024-02-29T12:00:00Z | true
            -1       | 2024-02-28T12:00:00Z | false
            -1       | 2023-02-28T12:00:00Z | true
            -1       | 2024-01-31T12:00:00Z | true
            -3:-1    | 2024-04-28T12:00:00Z | true
            -3:-1    | 2024-04-27T12:00:00Z | false
            1:5      | 2024-03-05T23:59:00Z | true
            1:5      | 2024-03-06T00:00:00Z | false
            1:31     | 2024-02-29T12:00:00Z | true
            30:31    | 2024-02-29T12:00:00Z | false
            -31:-29  | 2024-02-01T12:00:00Z | true
            """)
    void daysOfMonthIncludingNegatives(String days, String instant, boolean expected) {
        TimeInterval i = interval(List.of(), List.of(), List.of(days), List.of(), List.of(), null);
        assertThat(i.contains(Instant.parse(instant))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} / {1} at {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            january:march | 2024      | 2024-02-10T00:00:00Z | true
            january:march | 2024      | 2024-04-10T00:00:00Z | false
            10:12         | 2023:2024 | 2023-11-10T00:00:00Z | true
            10:12         | 2023:2024 | 2025-11-10T00:00:00Z | false
            December      | 2024      | 2024-12-31T23:59:00Z | true
            """)
    void monthsAndYears(String months, String years, String instant, boolean expected) {
        TimeInterval i = interval(List.of(), List.of(), List.of(), List.of(months), List.of(years), null);
        assertThat(i.contains(Instant.parse(instant))).isEqualTo(expected);
    }

    @Test
    void anEmptyIntervalContainsEverything() {
        assertThat(interval(List.of(), List.of(), List.of(), List.of(), List.of(), null)
                        .contains(Instant.EPOCH))
                .isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            weekday | friday:monday | start day cannot be before end day
            weekday | funday        | funday is not a valid weekday
            weekday | mon:tue:wed   | couldn't parse range mon:tue:wed, invalid format
            day     | 0             | 0 is not a valid day of the month: out of range
            day     | 32            | 32 is not a valid day of the month: out of range
            day     | -1:5          | end day must be negative if start day is negative
            day     | 10:2          | end day 2 is always before start day 10
            month   | march:january | end month january is before start month march
            month   | 13            | 13 is not a valid month: out of range
            month   | smarch        | smarch is not a valid month
            year    | 2025:2024     | end year 2024 is before start year 2025
            """)
    void rejectsInvalidRanges(String kind, String input, String message) {
        assertThatThrownBy(() -> {
                    switch (kind) {
                        case "weekday" -> TimeInterval.parseWeekdays(input);
                        case "day" -> TimeInterval.parseDaysOfMonth(input);
                        case "month" -> TimeInterval.parseMonths(input);
                        default -> TimeInterval.parseYears(input);
                    }
                })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}-{1}")
    @CsvSource(delimiter = '|', textBlock = """
            09:00 | 09:00 | start time cannot be equal or greater than end time
            17:00 | 09:00 | start time cannot be equal or greater than end time
            9:00  | 10:00 | couldn't parse timestamp 9:00, invalid format
            00:00 | 24:01 | couldn't parse timestamp 24:01, invalid format
            """)
    void rejectsInvalidTimes(String start, String end, String message) {
        assertThatThrownBy(() -> TimeRange.parse(start, end)).hasMessage(message);
    }

    @Test
    void wholeDayUpTo2400() {
        assertThat(TimeRange.parse("00:00", "24:00")).isEqualTo(new TimeRange(0, 1440));
    }

    @ParameterizedTest(name = "mute={0} active={1} at {2} -> muted {3}")
    @CsvSource(delimiter = '|', textBlock = """
            ''       | ''             | 2024-01-13T10:00:00Z | false
            weekends | ''             | 2024-01-13T10:00:00Z | true
            weekends | ''             | 2024-01-15T10:00:00Z | false
            ''       | business-hours | 2024-01-15T10:00:00Z | false
            ''       | business-hours | 2024-01-15T20:00:00Z | true
            weekends | business-hours | 2024-01-13T10:00:00Z | true
            """)
    void muteAndActiveIntervals(String mute, String active, String instant, boolean muted) {
        TimeIntervals named = new TimeIntervals(Map.of(
                "weekends",
                List.of(interval(List.of(), List.of("saturday", "sunday"), List.of(), List.of(), List.of(), null)),
                "business-hours",
                List.of(PARIS_BUSINESS_HOURS)));
        List<String> m = mute.isEmpty() ? List.of() : List.of(mute);
        List<String> a = active.isEmpty() ? List.of() : List.of(active);
        assertThat(named.isMuted(m, a, Instant.parse(instant))).isEqualTo(muted);
    }
}
