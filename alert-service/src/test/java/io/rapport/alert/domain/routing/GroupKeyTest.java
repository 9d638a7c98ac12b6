package io.rapport.alert.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GroupKeyTest {

    private static final RoutingTree TREE =
            new AlertingConfigParser(n -> null).parse("""
                    route:
                      receiver: def
                      group_by: [account, topic]
                      routes:
                        - matchers: [topic="billing"]
                          receiver: finance
                        - matchers: [topic="all"]
                          receiver: def
                          group_by: ['...']
                        - matchers: [topic="none"]
                          receiver: def
                          group_by: [nothing]
                    receivers:
                      - name: def
                      - name: finance
                    """).routingTree();

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(
                        Map.of("account", "a1", "topic", "billing", "severity", "warning"),
                        "{}/{topic=\"billing\"}:{account=\"a1\", topic=\"billing\"}"),
                Arguments.of(
                        Map.of("topic", "billing", "severity", "warning"),
                        "{}/{topic=\"billing\"}:{topic=\"billing\"}"),
                Arguments.of(Map.of("account", "a1", "topic", "other"), "{}:{account=\"a1\", topic=\"other\"}"),
                Arguments.of(
                        Map.of("topic", "all", "severity", "critical", "region", "eu"),
                        "{}/{topic=\"all\"}:{region=\"eu\", severity=\"critical\", topic=\"all\"}"),
                Arguments.of(Map.of("topic", "none", "account", "a1"), "{}/{topic=\"none\"}:{}"),
                Arguments.of(
                        Map.of("account", "say \"hi\"\n", "topic", "billing"),
                        "{}/{topic=\"billing\"}:{account=\"say \\\"hi\\\"\\n\", topic=\"billing\"}"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void groupKeyIsRouteKeyAndGroupLabelsLikeAlertmanager(Map<String, String> labels, String expected) {
        assertThat(TREE.match(labels))
                .singleElement()
                .satisfies(m -> assertThat(m.groupKey(labels)).hasToString(expected));
    }

    @Test
    void alertsDifferingOnlyOutsideGroupByShareAGroup() {
        Map<String, String> warning = Map.of("account", "a1", "topic", "billing", "severity", "warning");
        Map<String, String> critical = Map.of("account", "a1", "topic", "billing", "severity", "critical");
        Map<String, String> otherAccount = Map.of("account", "a2", "topic", "billing", "severity", "warning");
        RouteMatch m = TREE.match(warning).get(0);
        assertThat(m.groupKey(warning)).isEqualTo(m.groupKey(critical));
        assertThat(m.groupKey(warning)).isNotEqualTo(m.groupKey(otherAccount));
        assertThat(m.groupKey(warning).hash())
                .hasSize(64)
                .isEqualTo(m.groupKey(critical).hash())
                .isNotEqualTo(m.groupKey(otherAccount).hash());
    }
}
