package io.rapport.alert.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationTest {

    @ParameterizedTest(name = "{0} = {1}s, printed {2}")
    @CsvSource(delimiter = '|', textBlock = """
            30s     | 30        | 30s
            5m      | 300       | 5m
            4h      | 14400     | 4h
            1d      | 86400     | 1d
            1w      | 604800    | 1w
            1h30m   | 5400      | 1h30m
            90m     | 5400      | 1h30m
            25h     | 90000     | 1d1h
            0s      | 0         | 0s
            0       | 0         | 0s
            1y      | 31536000  | 1y
            2w3d    | 1468800   | 2w3d
            """)
    void parsesAndFormatsPrometheusDurations(String input, long seconds, String formatted) {
        Duration d = PromDuration.parse(input);
        assertThat(d).isEqualTo(Duration.ofSeconds(seconds));
        assertThat(PromDuration.format(d)).isEqualTo(formatted);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1.5h    | not a valid duration string: "1.5h"
            30      | not a valid duration string: "30"
            5m4h    | not a valid duration string: "5m4h"
            -1s     | not a valid duration string: "-1s"
            1h 30m  | not a valid duration string: "1h 30m"
            1H      | not a valid duration string: "1H"
            1s1s    | not a valid duration string: "1s1s"
            """)
    void rejectsWhatPrometheusRejects(String input, String message) {
        assertThatThrownBy(() -> PromDuration.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void rejectsEmpty() {
        assertThatThrownBy(() -> PromDuration.parse("")).hasMessage("empty duration string");
    }
}
