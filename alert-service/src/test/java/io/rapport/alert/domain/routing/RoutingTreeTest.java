package io.rapport.alert.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The table of Alertmanager's dispatch/route_test.go, over {@code routing/routing-tree.yml}. */
class RoutingTreeTest {

    private static RoutingTree tree;

    @BeforeAll
    static void load() throws IOException {
        tree = new AlertingConfigParser(name -> null)
                .parseResource("routing/routing-tree.yml")
                .routingTree();
    }

    private static final String TEAM_A = "{}/{level!=\"critical\",owner=\"team-A\"}";

    /** Each expected match reads {@code receiver | group_by | all? | wait interval repeat | mute | route key}. */
    static Stream<Arguments> table() {
        return Stream.of(
                row(
                        "child match wins over its parent",
                        Map.of("owner", "team-A"),
                        "notify-A | [] | false | 30s 5m 4h | [weekends] | " + TEAM_A),
                row(
                        "unrelated label is ignored",
                        Map.of("owner", "team-A", "env", "unset"),
                        "notify-A | [] | false | 30s 5m 4h | [weekends] | " + TEAM_A),
                row(
                        "legacy match_re is anchored and shows anchored in the key",
                        Map.of("owner", "team-C"),
                        "notify-BC | [bar, foo] | false | 2m 5m 4h | [] | {}/{owner=~\"^(?:team-(B|C))$\"}"),
                row(
                        "regex anchoring: a longer value does not match",
                        Map.of("owner", "team-Bx"),
                        "notify-def | [] | false | 30s 5m 4h | [] | {}"),
                row(
                        "regex anchoring: a prefix does not match",
                        Map.of("owner", "xteam-B"),
                        "notify-def | [] | false | 30s 5m 4h | [] | {}"),
                row(
                        "group_by '...' and mute intervals are not inherited",
                        Map.of("owner", "team-A", "env", "testing"),
                        "notify-testing | [] | true | 30s 5m 4h | [] | " + TEAM_A
                                + "/{baz!~\".*quux\",env=\"testing\"}"),
                row(
                        "continue: both production routes, in order",
                        Map.of("owner", "team-A", "env", "production"),
                        "notify-productionA | [] | false | 1m 5m 4h | [] | " + TEAM_A + "/{env=\"production\"}",
                        "notify-productionB | [job] | false | 30s 5m 1h | [] | " + TEAM_A
                                + "/{env=~\"produ.*\",job=~\".*\"}"),
                row(
                        "a negative matcher on the parent excludes the subtree",
                        Map.of("owner", "team-A", "level", "critical"),
                        "notify-def | [] | false | 30s 5m 4h | [] | {}"),
                row(
                        "no child matches: the parent itself matches",
                        Map.of("owner", "team-A", "env", "testing", "baz", "fooquux"),
                        "notify-A | [] | false | 30s 5m 4h | [weekends] | " + TEAM_A),
                row(
                        "receiver inherited from the root",
                        Map.of("group_by", "role"),
                        "notify-def | [role] | false | 30s 5m 4h | [] | {}/{group_by=\"role\"}"),
                row(
                        "group_by inherited by the child",
                        Map.of("env", "testing", "group_by", "role"),
                        "notify-testing | [role] | false | 30s 5m 4h | [] | {}/{group_by=\"role\"}/{env=\"testing\"}"),
                row(
                        "receiver and group_by inherited by the grandchild",
                        Map.of("env", "testing", "group_by", "role", "wait", "long"),
                        "notify-testing | [role] | false | 2m 5m 4h | [] | {}/{group_by=\"role\"}/{env=\"testing\"}/{wait=\"long\"}"),
                row(
                        "group_by '...' on the parent",
                        Map.of("env", "parent"),
                        "notify-all | [] | true | 30s 5m 4h | [] | {}/{env=\"parent\"}"),
                row(
                        "group_by '...' inherited by a child without group_by",
                        Map.of("env", "parent", "child", "1"),
                        "notify-all | [] | true | 30s 5m 4h | [] | {}/{env=\"parent\"}/{child=\"1\"}"),
                row(
                        "a child's own group_by resets group_by '...'",
                        Map.of("env", "parent", "child", "2"),
                        "notify-all | [foo] | false | 30s 5m 4h | [] | {}/{env=\"parent\"}/{child=\"2\"}"),
                row("no labels at all: the root", Map.of(), "notify-def | [] | false | 30s 5m 4h | [] | {}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void routesLabelSetsLikeAlertmanager(String name, Map<String, String> labels, List<String> expected) {
        assertThat(tree.match(labels)).extracting(RoutingTreeTest::describe).containsExactlyElementsOf(expected);
    }

    @Test
    void routeIdsAddThePositionAmongSiblings() {
        assertThat(tree.match(Map.of("owner", "team-A", "env", "production")))
                .extracting(RouteMatch::routeId)
                .containsExactly(TEAM_A + "/{env=\"production\"}/1", TEAM_A + "/{env=~\"produ.*\",job=~\".*\"}/2");
        assertThat(tree.match(Map.of())).extracting(RouteMatch::routeId).containsExactly("{}");
    }

    @Test
    void walkVisitsDepthFirstLikeAlertmanager() {
        List<String> receivers = new ArrayList<>();
        tree.walk(r -> receivers.add(r.options().receiver()));
        assertThat(receivers)
                .containsExactly(
                        "notify-def",
                        "notify-A",
                        "notify-testing",
                        "notify-productionA",
                        "notify-productionB",
                        "notify-BC",
                        "notify-def",
                        "notify-testing",
                        "notify-testing",
                        "notify-all",
                        "notify-all",
                        "notify-all");
    }

    private static Arguments row(String name, Map<String, String> labels, String... expected) {
        return Arguments.of(name, labels, List.of(expected));
    }

    private static String describe(RouteMatch m) {
        RouteOptions o = m.options();
        return String.join(
                " | ",
                o.receiver(),
                o.groupBy().toString(),
                Boolean.toString(o.groupByAll()),
                PromDuration.format(o.groupWait()) + " " + PromDuration.format(o.groupInterval()) + " "
                        + PromDuration.format(o.repeatInterval()),
                o.muteTimeIntervals().toString(),
                m.routeKey());
    }
}
