package io.rapport.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The canonical-form shortcut gives exactly what {@code DateTimeFormatter.ISO_INSTANT} gives, and declines
 * (returns null, leaving the text to the standard parser) whatever it does not fully understand.
 */
class CanonicalInstantsTest {
    private static final long MIN = LocalDate.of(0, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    private static final long MAX = LocalDate.of(9999, 12, 31).atStartOfDay().toEpochSecond(ZoneOffset.UTC) + 86_399;

    @Test
    void randomInstantsWithEveryFractionLengthParseAsTheStandardParserDoes() {
        Random random = new Random(20261202);
        for (int i = 0; i < 200_000; i++) {
            long seconds = MIN + (long) (random.nextDouble() * (MAX - MIN));
            String text = format(seconds, random.nextInt(1_000_000_000), random.nextInt(10));
            assertThat(CanonicalInstants.parse(text)).as(text).isEqualTo(standard(text));
        }
    }

    @Test
    void everyDayOfLeapAndCommonYearsAndTheEdgesOfTheRange() {
        for (int year : new int[] {0, 1, 4, 100, 399, 400, 1600, 1900, 1970, 2000, 2024, 2026, 2100, 9999}) {
            for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
                for (String time : new String[] {"T00:00:00Z", "T23:59:59.999999999Z", "T12:34:56.7Z"}) {
                    String text = d + time;
                    assertThat(CanonicalInstants.parse(text)).as(text).isEqualTo(standard(text));
                }
            }
        }
    }

    @Test
    void itDeclinesWhatItDoesNotFullyUnderstand() {
        for (String text : new String[] {
            "2026-02-29T00:00:00Z", // not a leap year
            "1900-02-29T00:00:00Z", // nor are centuries not divisible by 400
            "2100-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-01-00T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T23:60:00Z",
            "2026-06-30T23:59:60Z", // a leap second: the standard parser's business
            "2026-01-01t00:00:00Z",
            "2026-01-01T00:00:00z",
            "2026-01-01T00:00:00+00:00",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00.1234567890Z",
            "+12026-01-01T00:00:00Z",
            "2026-1-01T00:00:00Z",
            "2026-01-01 00:00:00Z",
            "2026-01-01T00:00:0aZ",
            "２０２６-01-01T00:00:00Z",
            "2026-01-01T00:00:00",
            ""
        }) {
            assertThat(CanonicalInstants.parse(text)).as(text).isNull();
        }
    }

    @Test
    void mutatedTextIsEitherDeclinedOrReadExactlyAsTheStandardParserReadsIt() {
        Random random = new Random(7);
        String alphabet = "0123456789:-.TZtz+ a9";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(format(
                    MIN + (long) (random.nextDouble() * (MAX - MIN)),
                    random.nextInt(1_000_000_000),
                    random.nextInt(10)));
            int edits = 1 + random.nextInt(2);
            for (int e = 0; e < edits && text.length() > 0; e++) {
                int at = random.nextInt(text.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, c);
                    case 1 -> text.insert(at, c);
                    default -> text.deleteCharAt(at);
                }
            }
            Instant fast = CanonicalInstants.parse(text.toString());
            if (fast != null) assertThat(fast).as(text.toString()).isEqualTo(standard(text.toString()));
        }
    }

    @Test
    void theWireMapperReadsInstantsAsBeforeAndStillRefusesWhatItRefused() throws Exception {
        record Stamp(Instant at) {}
        com.fasterxml.jackson.databind.ObjectMapper mapper = RapportJson.mapper();
        assertThat(mapper.readValue("{\"at\": \"2026-03-14T09:30:00.5Z\"}", Stamp.class)
                        .at())
                .isEqualTo(Instant.parse("2026-03-14T09:30:00.5Z"));
        assertThat(mapper.readValue("{\"at\": \"2026-03-14T09:30:00+01:00\"}", Stamp.class)
                        .at())
                .isEqualTo(Instant.parse("2026-03-14T08:30:00Z"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> mapper.readValue("{\"at\": \"2026-02-30T09:30:00Z\"}", Stamp.class))
                .isInstanceOf(com.fasterxml.jackson.databind.exc.InvalidFormatException.class);
    }

    private static String format(long epochSecond, int nanos, int fractionDigits) {
        String base = DateTimeFormatter.ISO_LOCAL_DATE_TIME
                .format(Instant.ofEpochSecond(epochSecond)
                        .atOffset(ZoneOffset.UTC)
                        .toLocalDateTime())
                .substring(0, 19);
        if (fractionDigits == 0) return base + "Z";
        String fraction = String.format("%09d", nanos).substring(0, fractionDigits);
        return base + "." + fraction + "Z";
    }

    private static Instant standard(String text) {
        try {
            return DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
