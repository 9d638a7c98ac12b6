package io.rapport.alert.domain.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.alert.domain.routing.MatcherParser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SilenceTest {

    private static final Instant START = Instant.parse("2024-03-01T10:00:00Z");
    private static final Instant END = Instant.parse("2024-03-01T12:00:00Z");

    private static Silence silence(String id, String matchers) {
        return new Silence(id, MatcherParser.parseMatchers(matchers), START, END, "ops@rapport", "maintenance");
    }

    @ParameterizedTest(name = "at {0}: {1}")
    @CsvSource({
        "2024-03-01T09:59:59Z, PENDING",
        "2024-03-01T10:00:00Z, ACTIVE",
        "2024-03-01T11:00:00Z, ACTIVE",
        "2024-03-01T12:00:00Z, ACTIVE",
        "2024-03-01T12:00:01Z, EXPIRED"
    })
    void stateFollowsAlertmanager(String now, SilenceState expected) {
        assertThat(silence("s1", "account=\"a1\"").state(Instant.parse(now))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} vs {1} at {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            account="a1"                    | account=a1,topic=billing  | 2024-03-01T11:00:00Z | true
            account="a1"                    | account=a2,topic=billing  | 2024-03-01T11:00:00Z | false
            account="a1",topic=~"bill.*"    | account=a1,topic=billing  | 2024-03-01T11:00:00Z | true
            account="a1",topic=~"bill"      | account=a1,topic=billing  | 2024-03-01T11:00:00Z | false
            account="a1",severity!="critical" | account=a1,severity=critical | 2024-03-01T11:00:00Z | false
            account="a1"                    | account=a1                | 2024-03-01T09:00:00Z | false
            account="a1"                    | account=a1                | 2024-03-01T13:00:00Z | false
            """)
    void mutesOnlyMatchingAlertsWhileActive(String matchers, String labels, String now, boolean muted) {
        Silences silences = new Silences(List.of(silence("s1", matchers)));
        assertThat(silences.isSilenced(labels(labels), Instant.parse(now))).isEqualTo(muted);
    }

    @Test
    void reportsWhichSilencesMute() {
        Silences silences = new Silences(List.of(
                silence("s1", "account=\"a1\""),
                silence("s2", "topic=\"billing\""),
                new Silence("s3", MatcherParser.parseMatchers("account=a1"), END, END.plusSeconds(60), "x", "later")));
        assertThat(silences.silencedBy(labels("account=a1,topic=billing"), START))
                .containsExactly("s1", "s2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                       | at least one matcher required
            account=~".*"            | at least one matcher must not match the empty string
            account!="a1"            | at least one matcher must not match the empty string
            """)
    void rejectsSilencesThatWouldMuteEverything(String matchers, String message) {
        assertThatThrownBy(() -> silence("bad", matchers)).hasMessage(message);
    }

    @Test
    void rejectsEndBeforeStart() {
        assertThatThrownBy(() -> new Silence("bad", MatcherParser.parseMatchers("a=b"), END, START, "x", "y"))
                .hasMessage("end time must not be before start time");
    }

    private static Map<String, String> labels(String csv) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String kv : csv.split(",")) {
            String[] p = kv.split("=", 2);
            out.put(p[0], p[1]);
        }
        return out;
    }
}
