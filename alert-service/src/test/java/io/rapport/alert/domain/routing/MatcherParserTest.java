package io.rapport.alert.domain.routing;

import static io.rapport.alert.domain.routing.MatchType.EQUAL;
import static io.rapport.alert.domain.routing.MatchType.NOT_EQUAL;
import static io.rapport.alert.domain.routing.MatchType.NOT_REGEXP;
import static io.rapport.alert.domain.routing.MatchType.REGEXP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Cases lifted from Alertmanager's matcher/parse/parse_test.go, plus Rapport-specific ones. */
class MatcherParserTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("no braces", "", List.of()),
                Arguments.of("open and closing braces", "{}", List.of()),
                Arguments.of("equals", "{foo=bar}", List.of(m(EQUAL, "foo", "bar"))),
                Arguments.of("equals with trailing comma", "{foo=bar,}", List.of(m(EQUAL, "foo", "bar"))),
                Arguments.of("not equals", "{foo!=bar}", List.of(m(NOT_EQUAL, "foo", "bar"))),
                Arguments.of("match regex", "{foo=~[a-z]+}", List.of(m(REGEXP, "foo", "[a-z]+"))),
                Arguments.of("doesn't match regex", "{foo!~[a-z]+}", List.of(m(NOT_REGEXP, "foo", "[a-z]+"))),
                Arguments.of("equals unicode emoji", "{foo=🙂}", List.of(m(EQUAL, "foo", "🙂"))),
                Arguments.of("equals unicode sentence", "{foo=🙂bar}", List.of(m(EQUAL, "foo", "🙂bar"))),
                Arguments.of("equals without braces", "foo=bar", List.of(m(EQUAL, "foo", "bar"))),
                Arguments.of("without braces, trailing comma", "foo=bar,", List.of(m(EQUAL, "foo", "bar"))),
                Arguments.of("match regex without braces", "foo=~[a-z]+", List.of(m(REGEXP, "foo", "[a-z]+"))),
                Arguments.of("equals in quotes", "{\"foo\"=\"bar\"}", List.of(m(EQUAL, "foo", "bar"))),
                Arguments.of("in quotes, trailing comma", "{\"foo\"=\"bar\",}", List.of(m(EQUAL, "foo", "bar"))),
                Arguments.of("regex in quotes", "{\"foo\"=~\"[a-z]+\"}", List.of(m(REGEXP, "foo", "[a-z]+"))),
                Arguments.of("alternation in quotes", "foo=~\"a|b\"", List.of(m(REGEXP, "foo", "a|b"))),
                Arguments.of("emoji in quotes", "{\"foo\"=\"🙂\"}", List.of(m(EQUAL, "foo", "🙂"))),
                Arguments.of(
                        "emoji as bytes in quotes",
                        "{\"foo\"=\"\\xf0\\x9f\\x99\\x82\"}",
                        List.of(m(EQUAL, "foo", "🙂"))),
                Arguments.of(
                        "emoji as code point in quotes", "{\"foo\"=\"\\U0001f642\"}", List.of(m(EQUAL, "foo", "🙂"))),
                Arguments.of("newline in quotes", "{\"foo\"=\"bar\\n\"}", List.of(m(EQUAL, "foo", "bar\n"))),
                Arguments.of("tab in quotes", "{\"foo\"=\"bar\\t\"}", List.of(m(EQUAL, "foo", "bar\t"))),
                Arguments.of("escaped quotes", "{\"foo\"=\"\\\"bar\\\"\"}", List.of(m(EQUAL, "foo", "\"bar\""))),
                Arguments.of("escaped backslash", "{\"foo\"=\"bar\\\\\"}", List.of(m(EQUAL, "foo", "bar\\"))),
                Arguments.of("UTF-8 label name in quotes", "{\"topic.ü\"=\"x\"}", List.of(m(EQUAL, "topic.ü", "x"))),
                Arguments.of(
                        "complex", "{foo=bar,bar!=baz}", List.of(m(EQUAL, "foo", "bar"), m(NOT_EQUAL, "bar", "baz"))),
                Arguments.of(
                        "complex in quotes with spaces",
                        "{ foo = \"bar\" , bar != \"baz\" }",
                        List.of(m(EQUAL, "foo", "bar"), m(NOT_EQUAL, "bar", "baz"))),
                Arguments.of(
                        "complex without braces in quotes",
                        "foo=\"bar\",bar!=\"baz\"",
                        List.of(m(EQUAL, "foo", "bar"), m(NOT_EQUAL, "bar", "baz"))),
                Arguments.of("comma inside quotes", "foo=\"a,b\"", List.of(m(EQUAL, "foo", "a,b"))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("valid")
    void parsesValidInput(String name, String input, List<Matcher> expected) {
        assertThat(MatcherParser.parseMatchers(input)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            comma                              | ,                 | 0:1: unexpected ,: expected label name
            comma in braces                    | {,}               | 1:2: unexpected ,: expected label name
            open brace                         | {                 | 0:1: end of input: expected close brace
            close brace                        | }                 | 0:1: }: expected opening brace
            no open brace                      | foo=bar}          | 0:8: }: expected opening brace
            no close brace                     | {foo=bar          | 0:8: end of input: expected close brace
            input after operator, before quote | {foo=:"bar"}      | 6:11: unexpected "bar": expected a comma or close brace
            invalid escape sequence            | {foo="bar\\w"}    | 5:12: "bar\\w": invalid input
            no unquoted escape sequences       | {foo=bar\\n}      | 8:9: \\: invalid input: expected a comma or close brace
            invalid unicode                    | {"foo"="\\xf0\\x9f"} | 7:17: "\\xf0\\x9f": invalid input
            tilde alone                        | ~                 | 0:1: ~: invalid input
            tilde as operator                  | foo~bar           | 3:4: ~: invalid input: expected an operator such as '=', '!=', '=~' or '!~'
            bang at end                        | foo!              | 3:4: unexpected end of input, expected one of '=~': expected an operator such as '=', '!=', '=~' or '!~'
            missing value                      | foo=              | end of input: expected label value
            unterminated quote                 | foo="bar          | 4:8: "bar: missing end ": expected label value
            two values                         | foo=bar baz       | 8:11: unexpected baz: expected a comma or close brace
            bad regex                          | foo=~"(a"         | failed to create matcher: error parsing regexp: missing closing ): `^(?:(a)$`
            """)
    void rejectsInvalidInput(String name, String input, String message) {
        assertThatThrownBy(() -> MatcherParser.parseMatchers(unescape(input)))
                .isInstanceOf(MatcherParseException.class)
                .hasMessage(unescape(message));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no input           | ''              | no matchers
            braces only        | {}              | no matchers
            two matchers       | foo=bar,bar=baz | expected 1 matcher, found 2
            """)
    void parseMatcherRequiresExactlyOne(String name, String input, String message) {
        String in = input.equals("''") ? "" : input;
        assertThatThrownBy(() -> MatcherParser.parseMatcher(in)).hasMessage(message);
    }

    @ParameterizedTest(name = "{0} against {1} -> {2}")
    @CsvSource(delimiter = ';', textBlock = """
            topic=~"bill"             ; billing   ; false
            topic=~"bill.*"           ; billing   ; true
            topic=~"a|billing"        ; billing   ; true
            topic=~"a|b"              ; ab        ; false
            topic!~"bill"             ; billing   ; true
            topic!="billing"          ; billing   ; false
            topic=""                  ; <missing> ; true
            topic!=""                 ; <missing> ; false
            topic=~".*"               ; <missing> ; true
            topic=~".+"               ; <missing> ; false
            """)
    void regexesAreFullyAnchoredAndMissingLabelsAreEmpty(String matcher, String value, boolean expected) {
        Map<String, String> labels = value.equals("<missing>") ? Map.of() : Map.of("topic", value);
        assertThat(Matcher.parse(matcher).matches(labels)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} renders as {1}")
    @CsvSource(delimiter = ';', textBlock = """
            foo=bar             ; foo="bar"
            foo=~"a|b"          ; foo=~"a|b"
            "foo bar"!="x\\"y"  ; "foo bar"!="x\\"y"
            """)
    void rendersLikeAlertmanager(String input, String rendered) {
        assertThat(Matcher.parse(unescape(input))).hasToString(unescape(rendered));
    }

    @Test
    void matchersListRendersSortedByNameOperatorValue() {
        List<Matcher> ms =
                Matchers.sorted(MatcherParser.parseMatchers("owner=\"team-A\",level!=\"critical\",env=~x,env=y"));
        assertThat(Matchers.toString(ms)).isEqualTo("{env=\"y\",env=~\"x\",level!=\"critical\",owner=\"team-A\"}");
    }

    private static Matcher m(MatchType t, String name, String value) {
        return Matcher.of(t, name, value);
    }

    /** CSV cells write a backslash as two, so that the table reads like the Go source. */
    private static String unescape(String s) {
        return s.replace("\\\\", "\\");
    }
}
