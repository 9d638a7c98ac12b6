package io.rapport.segmentation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SegmentExpressionsTest {
    private static final SegmentExpressions CEL = new SegmentExpressions();

    // The fixture: score 64.8, band watch, committed, logistics, DACH, gold, enterprise-north,
    // tags strategic + eu-freight, RFM 5/4/5, predicted value 104300.00, sentiment 48.
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "score >= 60.0 && band == 'watch' | true",
                "score > 70.0 | false",
                "industry == 'logistics' && region in ['DACH', 'Nordics'] | true",
                "'strategic' in tags | true",
                "tags.exists(t, t.startsWith('eu-')) | true",
                "owningTeam == 'enterprise-north' && kind == 'customer' | true",
                "tier == 'gold' && lifecycle == 'committed' | true",
                "components.sentiment < 50.0 && components['value'] > 70.0 | true",
                "rfm.recency == 5 && rfm.fm == 5 | true",
                "clv.predictedValue >= 100000.0 && clv.pAlive > 0.9 | true",
                "indicators.openTickets >= 1.0 | true",
                "has(indicators.nosuch) | false",
                "indicators.nosuch > 1.0 | false", // fails at evaluation: not a member
                "scoreChange7d == 0.0 && scoreChange30d == 0.0 | true",
                "valueTier == 'core' | true",
            })
    void evaluatesOnTheFixture(String expression, boolean expected) {
        var compiled = new CompiledSegment(
                new SegmentDefinition("t", "t", "", expression, 1, false, "t", null, null, null),
                CEL.compile(expression));
        assertThat(compiled.matches(Facts.fixture())).isEqualTo(expected);
    }

    /**
     * Guards the value-tier back-fill's choice of definitions: the attributes come from the checked AST,
     * so a macro's loop variable named like an attribute, a string or a map key mentioning it are not
     * read attributes, while a use inside a macro is.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "valueTier == 'strategic' | valueTier",
                "score >= 60.0 && band == 'watch' | band score",
                "valueTier in ['strategic', 'key'] && clv.predictedValue > 1.0 | clv valueTier",
                "tags.exists(t, t == valueTier) | tags valueTier",
                "tags.exists(valueTier, valueTier == 'x') | tags",
                "tags.all(t, [valueTier].exists(v, v == t)) | tags valueTier",
                "name == 'valueTier' && indicators['valueTier'] > 1.0 | indicators name",
                "has(indicators.valueTier) | indicators",
                "{'a': valueTier}['a'] == 'core' | valueTier",
            })
    void recordsTheAttributesAnExpressionReads(String expression, String attributes) {
        assertThat(CEL.compile(expression).attributes()).containsExactly(attributes.split(" "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "score >= | 1 | 9 | mismatched input",
                "revenue > 10.0 | 1 | 1 | undeclared reference to 'revenue'",
                "score >= 70 | 1 | 7 | found no matching overload for '_>=_'",
                "industry == 'x' && segment == 'y' | 1 | 20 | undeclared reference to 'segment'",
                "components.loyalty > 50.0 | 1 | 11 | unknown attribute 'components.loyalty'",
                "rfm['r'] == 5 | 1 | 4 | unknown attribute 'rfm.r'",
                "score | 1 | 1 | expected type 'bool' but found 'double'",
                "'  ' | 1 | 1 | expected type 'bool'",
            })
    void rejectsInvalidExpressionsWithPositionAndMessage(String expression, int line, int column, String message) {
        assertThatThrownBy(() -> CEL.compile(expression))
                .isInstanceOfSatisfying(InvalidExpressionException.class, e -> {
                    ExpressionError first = e.errors().get(0);
                    assertThat(first.message()).contains(message);
                    assertThat(List.of(first.line(), first.column())).containsExactly(line, column);
                });
    }
}
