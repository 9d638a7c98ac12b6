package io.rapport.alert.domain.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.alert.store.RuleCatalog;
import io.rapport.common.event.AccountKind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuleValidatorTest {

    static RuleDefinition def(String type, Map<String, Object> parameters, String summary) {
        return new RuleDefinition(
                "r-1", type, parameters, "billing", "warning", Map.of(), summary, null, List.of(), null, null);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(def("score_sideways", Map.of(), "x"), "type", "unknown rule type 'score_sideways'"),
                Arguments.of(def("score_below", Map.of(), "x"), "parameters.threshold", "is required"),
                Arguments.of(
                        def("score_below", Map.of("threshold", 140), "x"), "parameters.threshold", "between 0 and 100"),
                Arguments.of(
                        def("score_below", Map.of("threshold", "low"), "x"),
                        "parameters.threshold",
                        "must be a number"),
                Arguments.of(
                        def("score_below", Map.of("threshold", 40, "limit", 2), "x"),
                        "parameters.limit",
                        "unknown parameter"),
                Arguments.of(def("band_change", Map.of("to", "red"), "x"), "parameters.to", "unknown band 'red'"),
                Arguments.of(
                        def("complaint", Map.of("minSeverity", "huge"), "x"),
                        "parameters.minSeverity",
                        "unknown severity"),
                Arguments.of(
                        def("score_below", Map.of("threshold", 40), "{acount} low"),
                        "summary",
                        "unknown placeholder '{acount}'"),
                Arguments.of(def("score_below", Map.of("threshold", 40), "{score low"), "summary", "unclosed '{'"),
                Arguments.of(
                        def("large_order", Map.of("amount", 5), "{nps}"), "summary", "unknown placeholder '{nps}'"),
                Arguments.of(
                        new RuleDefinition(
                                "r-1",
                                "score_below",
                                Map.of("threshold", 1),
                                "billing",
                                "loud",
                                Map.of(),
                                "x",
                                null,
                                List.of(),
                                null,
                                null),
                        "severity",
                        "unknown severity 'loud'"),
                Arguments.of(
                        new RuleDefinition(
                                "r-1",
                                "score_below",
                                Map.of("threshold", 1),
                                "billing",
                                "info",
                                Map.of("topic", "x"),
                                "x",
                                null,
                                List.of(),
                                null,
                                null),
                        "labels.topic",
                        "cannot be overridden"),
                Arguments.of(
                        new RuleDefinition(
                                "r-1",
                                "score_below",
                                Map.of("threshold", 1),
                                "billing",
                                "info",
                                Map.of(),
                                "x",
                                null,
                                List.of("vendor"),
                                null,
                                null),
                        "accountKinds[0]",
                        "unknown account kind 'vendor'"),
                Arguments.of(
                        new RuleDefinition(
                                "Bad Id",
                                "score_below",
                                Map.of("threshold", 1),
                                "billing",
                                "info",
                                Map.of(),
                                "x",
                                null,
                                List.of(),
                                null,
                                null),
                        "id",
                        "must match"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("invalid")
    void namesTheFieldAndTheReason(RuleDefinition definition, String field, String reason) {
        assertThatThrownBy(() -> RuleValidator.validate(definition))
                .isInstanceOfSatisfying(
                        RuleValidationException.class,
                        e -> assertThat(e.errors()).anySatisfy(error -> {
                            assertThat(error.field()).isEqualTo(field);
                            assertThat(error.reason()).contains(reason);
                        }));
    }

    @Test
    void fillsDefaultsAndRoundTripsThroughTheDefinition() {
        AlertRule rule = RuleValidator.validate(new RuleDefinition(
                "nps",
                "detractor_survey",
                null,
                "support",
                "warning",
                null,
                "{nps}",
                null,
                List.of("supplier"),
                null,
                "3d"));
        assertThat(rule.parameters()).containsEntry("maxNps", 6.0);
        assertThat(rule.enabled()).isTrue();
        assertThat(rule.accountKinds()).containsExactly(AccountKind.SUPPLIER);
        assertThat(RuleValidator.validate(RuleValidator.toDefinition(rule))).isEqualTo(rule);
    }

    @Test
    void theShippedDefaultRulesAreValidAndCoverEveryTypeAndTopic() {
        Map<String, AlertRule> rules = RuleCatalog.loadDefaults("rules/default-rules.yml");
        assertThat(rules.values().stream().map(AlertRule::type).collect(java.util.stream.Collectors.toSet()))
                .containsAll(Set.of(RuleType.values()).stream()
                        .filter(t -> t != RuleType.SCORE_ABOVE && t != RuleType.SEGMENT_LEFT)
                        .toList());
        assertThat(rules.values().stream().map(AlertRule::topic).distinct())
                .containsExactlyInAnyOrder("billing", "support", "operations", "growth", "relationship");
        assertThat(rules.get("delivery-delayed").appliesTo(AccountKind.SUPPLIER))
                .isTrue();
        assertThat(rules.get("delivery-delayed").topic()).isEqualTo("operations");
        assertThat(rules.get("quality-incident").appliesTo(AccountKind.SUPPLIER))
                .isTrue();
        assertThat(rules.get("invoice-overdue-30d").appliesTo(AccountKind.SUPPLIER))
                .isFalse();
    }

    @Test
    void templatesSubstituteAndEscapeBraces() {
        var template = MessageTemplate.parse("{{literal}} {a} and {b}", Set.of("a", "b"));
        assertThat(template.render(Map.of("a", 1.005, "b", "x"))).isEqualTo("{literal} 1.01 and x");
        assertThat(template.render(Map.of())).isEqualTo("{literal} n/a and n/a");
    }
}
