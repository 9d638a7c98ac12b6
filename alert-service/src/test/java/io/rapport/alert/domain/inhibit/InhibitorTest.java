package io.rapport.alert.domain.inhibit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.alert.domain.routing.MatcherParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InhibitorTest {

    /** A critical alert inhibits warnings of the same topic on the same account. */
    private static final InhibitRule CRITICAL_OVER_WARNING = new InhibitRule(
            MatcherParser.parseMatchers("severity=\"critical\""),
            MatcherParser.parseMatchers("severity=\"warning\""),
            Set.of("account", "topic"));

    /** A rule whose sides overlap: any alert of a topic inhibits the others of that topic. */
    private static final InhibitRule TWO_SIDED = new InhibitRule(
            MatcherParser.parseMatchers("topic=~\"maint.*\""),
            MatcherParser.parseMatchers("topic=~\"maint.*\""),
            Set.of("region"));

    /** Firing alerts are separated by {@code ;}, labels by {@code ,}. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            same account and topic           | severity=critical,account=a1,topic=billing | severity=warning,account=a1,topic=billing | true
            other account                    | severity=critical,account=a2,topic=billing | severity=warning,account=a1,topic=billing | false
            other topic                      | severity=critical,account=a1,topic=support | severity=warning,account=a1,topic=billing | false
            target is not a warning          | severity=critical,account=a1,topic=billing | severity=info,account=a1,topic=billing    | false
            source is not critical           | severity=warning,account=a1,topic=billing  | severity=warning,account=a1,topic=billing | false
            no firing alerts                 | ''                                         | severity=warning,account=a1,topic=billing | false
            missing equal labels on both     | severity=critical,topic=billing            | severity=warning,topic=billing            | true
            missing on one side only         | severity=critical,topic=billing            | severity=warning,account=a1,topic=billing | false
            one of several firing inhibits   | severity=info,account=a1,topic=billing;severity=critical,account=a1,topic=billing | severity=warning,account=a1,topic=billing | true
            a critical is never inhibited    | severity=critical,account=a1,topic=billing | severity=critical,account=a1,topic=billing | false
            """)
    void criticalInhibitsWarningsOfSameAccountAndTopic(String name, String firing, String alert, boolean inhibited) {
        Inhibitor inhibitor = new Inhibitor(List.of(CRITICAL_OVER_WARNING));
        assertThat(inhibitor.isInhibited(labels(alert), alerts(firing))).isEqualTo(inhibited);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an alert does not inhibit itself        | topic=maintenance,region=eu                          | topic=maintenance,region=eu | false
            peers matching both sides are ignored   | topic=maintenance,region=eu,id=2                     | topic=maintenance,region=eu | false
            a non-source alert does not inhibit     | topic=other,region=eu                               | topic=maintenance,region=eu | false
            """)
    void twoSidedRulesExcludeSourcesThatAlsoMatchTheTarget(
            String name, String firing, String alert, boolean inhibited) {
        Inhibitor inhibitor = new Inhibitor(List.of(TWO_SIDED));
        List<Map<String, String>> all = new ArrayList<>(alerts(firing));
        all.add(labels(alert));
        assertThat(inhibitor.isInhibited(labels(alert), all)).isEqualTo(inhibited);
    }

    private static List<Map<String, String>> alerts(String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (String a : s.split(";")) {
            out.add(labels(a));
        }
        return out;
    }

    private static Map<String, String> labels(String csv) {
        Map<String, String> out = new HashMap<>();
        for (String kv : csv.split(",")) {
            String[] p = kv.split("=", 2);
            out.put(p[0], p[1]);
        }
        return out;
    }
}
