package io.rapport.alert.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AlertingConfigParserTest {

    private static final Map<String, String> ENV = Map.of(
            "RAPPORT_SLACK_SUPPORT_URL", "https://hooks.slack.test/T0/support-SECRET",
            "RAPPORT_SLACK_SALES_URL", "https://hooks.slack.test/T0/sales-SECRET",
            "RAPPORT_SLACK_ACCOUNT_TEAM_URL", "https://hooks.slack.test/T0/account-SECRET",
            "RAPPORT_WEBHOOK_HMAC_SECRET", "hmac-SECRET",
            "RAPPORT_SMTP_PASSWORD", "smtp-SECRET");

    private static AlertingConfig defaultConfig() throws IOException {
        return new AlertingConfigParser(ENV::get).parseResource("routing/default-routing.yml");
    }

    private static final String RECEIVERS = """
            receivers:
              - name: def
              - name: other
            """;

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(
                        "bad matcher names its path",
                        """
                        route:
                          receiver: def
                          routes:
                            - receiver: other
                            - receiver: other
                            - matchers: ['foo~bar']
                        """ + RECEIVERS,
                        "route.routes[2].matchers[0]: 3:4: ~: invalid input: expected an operator such as '=', '!=', '=~' or '!~'"),
                Arguments.of("no route", RECEIVERS, "route: no route provided in config"),
                Arguments.of(
                        "root without receiver",
                        "route: {group_by: [a]}\n" + RECEIVERS,
                        "route.receiver: root route must specify a default receiver"),
                Arguments.of(
                        "root with matchers",
                        "route: {receiver: def, matchers: [a=b]}\n" + RECEIVERS,
                        "route: root route must not have any matchers"),
                Arguments.of(
                        "root with legacy match",
                        "route: {receiver: def, match: {a: b}}\n" + RECEIVERS,
                        "route: root route must not have any matchers"),
                Arguments.of(
                        "undefined receiver",
                        "route: {receiver: def, routes: [{routes: [{receiver: nobody}]}]}\n" + RECEIVERS,
                        "route.routes[0].routes[0].receiver: undefined receiver \"nobody\" used in route"),
                Arguments.of(
                        "undefined time interval",
                        "route: {receiver: def, routes: [{active_time_intervals: [nights]}]}\n" + RECEIVERS,
                        "route.routes[0].active_time_intervals[0]: undefined time interval \"nights\" used in route"),
                Arguments.of(
                        "duplicate receiver",
                        "route: {receiver: def}\nreceivers: [{name: def}, {name: def}]\n",
                        "receivers[1].name: notification config name \"def\" is not unique"),
                Arguments.of(
                        "receiver without name",
                        "route: {receiver: def}\nreceivers: [{name: def}, {webhook_configs: []}]\n",
                        "receivers[1].name: missing name in receiver"),
                Arguments.of(
                        "wildcard group_by not alone",
                        "route: {receiver: def, group_by: ['...', account]}\n" + RECEIVERS,
                        "route.group_by: cannot have wildcard group_by (`...`) and other labels at the same time"),
                Arguments.of(
                        "duplicate group_by label",
                        "route: {receiver: def, group_by: [a, a]}\n" + RECEIVERS,
                        "route.group_by: duplicated label \"a\" in group_by"),
                Arguments.of(
                        "bad duration",
                        "route: {receiver: def, routes: [{group_wait: 5x}]}\n" + RECEIVERS,
                        "route.routes[0].group_wait: not a valid duration string: \"5x\""),
                Arguments.of(
                        "zero repeat interval",
                        "route: {receiver: def, repeat_interval: 0s}\n" + RECEIVERS,
                        "route.repeat_interval: repeat_interval cannot be zero"),
                Arguments.of(
                        "bad legacy regex",
                        "route: {receiver: def, routes: [{match_re: {env: '(a'}}]}\n" + RECEIVERS,
                        "route.routes[0].match_re.env: error parsing regexp: missing closing ): `^(?:^(?:(a)$)$`"),
                Arguments.of(
                        "unknown route key",
                        "route: {receiver: def, reciever: x}\n" + RECEIVERS,
                        "route: unknown key 'reciever'"),
                Arguments.of(
                        "unknown receiver key",
                        "route: {receiver: def}\nreceivers: [{name: def, slack_configs: [{api_url: 'https://x.test/a', chanel: '#x'}]}]\n",
                        "receivers[0].slack_configs[0]: unknown key 'chanel'"),
                Arguments.of(
                        "unsupported receiver type",
                        "route: {receiver: def}\nreceivers: [{name: def, pagerduty_configs: [{}]}]\n",
                        "receivers[0].pagerduty_configs: unsupported receiver type (supported: email_configs, slack_configs, webhook_configs)"),
                Arguments.of(
                        "webhook without url",
                        "route: {receiver: def}\nreceivers: [{name: def, webhook_configs: [{send_resolved: true}]}]\n",
                        "receivers[0].webhook_configs[0]: one of url or url_file must be configured"),
                Arguments.of(
                        "webhook with url and url_file",
                        "route: {receiver: def}\nreceivers: [{name: def, webhook_configs: [{url: 'http://a.test', url_file: /f}]}]\n",
                        "receivers[0].webhook_configs[0]: at most one of url & url_file must be configured"),
                Arguments.of(
                        "email password and password file",
                        "route: {receiver: def}\nreceivers: [{name: def, email_configs: [{to: a@b, from: c@d, smarthost: 'h:25', auth_password: p, auth_password_file: /f}]}]\n",
                        "receivers[0].email_configs[0]: at most one of auth_password & auth_password_file must be configured"),
                Arguments.of(
                        "email without smarthost",
                        "route: {receiver: def}\nreceivers: [{name: def, email_configs: [{to: a@b, from: c@d}]}]\n",
                        "receivers[0].email_configs[0]: no global SMTP smarthost set"),
                Arguments.of(
                        "slack without url",
                        "route: {receiver: def}\nreceivers: [{name: def, slack_configs: [{channel: '#x'}]}]\n",
                        "receivers[0].slack_configs[0]: no global Slack API URL set either inline or in a file"),
                Arguments.of(
                        "bad time interval names its path",
                        "route: {receiver: def}\n" + RECEIVERS
                                + "time_intervals: [{name: t, time_intervals: [{weekdays: [monday], times: [{start_time: '17:00', end_time: '09:00'}]}]}]\n",
                        "time_intervals[0].time_intervals[0].times[0]: start time cannot be equal or greater than end time"),
                Arguments.of(
                        "negative then positive day of month",
                        "route: {receiver: def}\n" + RECEIVERS
                                + "mute_time_intervals: [{name: t, time_intervals: [{days_of_month: ['-3:5']}]}]\n",
                        "mute_time_intervals[0].time_intervals[0].days_of_month[0]: end day must be negative if start day is negative"),
                Arguments.of(
                        "duplicate time interval across both keys",
                        "route: {receiver: def}\n" + RECEIVERS
                                + "time_intervals: [{name: t}]\nmute_time_intervals: [{name: t}]\n",
                        "mute_time_intervals[0].name: time interval \"t\" is not unique"),
                Arguments.of(
                        "unknown time zone",
                        "route: {receiver: def}\n" + RECEIVERS
                                + "time_intervals: [{name: t, time_intervals: [{location: Mars/Olympus}]}]\n",
                        "time_intervals[0].time_intervals[0].location: unknown time zone Mars/Olympus"),
                Arguments.of(
                        "unset environment variable",
                        "route: {receiver: def}\nreceivers: [{name: def, webhook_configs: [{url: 'http://a.test', hmac_secret: '${NOPE}'}]}]\n",
                        "receivers[0].webhook_configs[0].hmac_secret: environment variable NOPE is not set"),
                Arguments.of(
                        "unknown top-level key",
                        "route: {receiver: def}\nroutes: []\n" + RECEIVERS,
                        ": unknown key 'routes'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void errorsNameTheYamlPath(String name, String yaml, String message) {
        String expected = message.startsWith(": ") ? message.substring(2) : message;
        assertThatThrownBy(() -> new AlertingConfigParser(n -> null).parse(yaml))
                .isInstanceOf(AlertingConfigException.class)
                .hasMessage(expected);
    }

    @Test
    void legacyMatchAndMatchReBecomeMatchers() {
        AlertingConfig c = new AlertingConfigParser(n -> null)
                .parse(
                        "route: {receiver: def, routes: [{receiver: other, match: {topic: billing}, match_re: {region: 'eu|us'}, matchers: ['tier!=\"free\"']}]}\n"
                                + RECEIVERS);
        assertThat(c.route().routes().get(0).matchers())
                .containsExactly(
                        Matcher.of(MatchType.REGEXP, "region", "^(?:eu|us)$"),
                        Matcher.of(MatchType.NOT_EQUAL, "tier", "free"),
                        Matcher.equal("topic", "billing"));
    }

    @Test
    void inhibitRulesAcceptLegacyAndNewMatchers() {
        AlertingConfig c = new AlertingConfigParser(n -> null)
                .parse("route: {receiver: def}\n" + RECEIVERS
                        + "inhibit_rules: [{source_match: {severity: critical}, target_match_re: {severity: 'warn.*'}, "
                        + "target_matchers: ['topic=\"x\"'], equal: [account]}]\n");
        var rule = c.inhibitRules().get(0);
        assertThat(rule.sourceMatchers()).containsExactly(Matcher.equal("severity", "critical"));
        assertThat(rule.targetMatchers()).hasSize(2);
        assertThat(rule.equal()).containsExactly("account");
        assertThat(c.inhibitor()
                        .isInhibited(
                                Map.of("severity", "warning", "topic", "x", "account", "a"),
                                List.of(Map.of("severity", "critical", "account", "a"))))
                .isTrue();
    }

    // ---- the shipped default file ----

    static Stream<Arguments> defaultRouting() {
        return Stream.of(
                Arguments.of(
                        "topic=billing,severity=warning,account_kind=customer,rule=overdue_payment",
                        List.of("finance")),
                Arguments.of("topic=billing,severity=critical,account_kind=partner", List.of("finance")),
                Arguments.of(
                        "topic=support,severity=warning,account_kind=customer,rule=detractor_survey",
                        List.of("support")),
                Arguments.of(
                        "topic=operations,severity=warning,account_kind=supplier,rule=late_delivery",
                        List.of("operations")),
                Arguments.of(
                        "topic=operations,severity=critical,account_kind=partner,rule=quality_incident",
                        List.of("operations")),
                Arguments.of(
                        "topic=growth,severity=info,account_kind=customer,rule=expansion_signal,tier=gold",
                        List.of("sales")),
                Arguments.of("topic=growth,severity=info,account_kind=partner,rule=large_order", List.of("sales")),
                Arguments.of(
                        "topic=relationship,severity=warning,account_kind=customer,rule=relationship_decay",
                        List.of("account-team")),
                Arguments.of(
                        "topic=relationship,severity=critical,account_kind=customer,rule=churn_risk",
                        List.of("account-team-email", "account-team")),
                Arguments.of(
                        "topic=relationship,severity=critical,account_kind=supplier,rule=renewal",
                        List.of("account-team-email", "account-team")),
                Arguments.of("topic=segment,severity=info,segment=at_risk,region=eu", List.of("default-webhook")),
                Arguments.of("severity=warning", List.of("default-webhook")),
                Arguments.of("topic=Billing,severity=warning", List.of("default-webhook")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("defaultRouting")
    void defaultFileRoutesEachTopicToItsTeam(String labels, List<String> receivers) throws IOException {
        Map<String, String> l = labels(labels + ",account=acc-42");
        List<RouteMatch> matches = defaultConfig().routingTree().match(l);
        assertThat(matches).extracting(RouteMatch::receiver).containsExactlyElementsOf(receivers);
        assertThat(matches).allSatisfy(m -> assertThat(m.options().groupBy()).containsExactly("account", "topic"));
    }

    @Test
    void defaultFileOptionsInhibitionAndBusinessHours() throws IOException {
        AlertingConfig c = defaultConfig();
        assertThat(c.global().smtpSmarthost()).isEqualTo("localhost:1025");
        assertThat(c.global().smtpRequireTls()).isFalse();
        RouteMatch critical = c.routingTree()
                .match(labels("topic=relationship,severity=critical,account=a1"))
                .get(0);
        assertThat(critical.options().repeatInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(critical.groupKey(labels("topic=relationship,severity=critical,account=a1")))
                .hasToString(
                        "{}/{severity=\"critical\",topic=\"relationship\"}:{account=\"a1\", topic=\"relationship\"}");

        assertThat(c.inhibitor()
                        .isInhibited(
                                labels("topic=billing,severity=warning,account=a1"),
                                List.of(labels("topic=billing,severity=critical,account=a1"))))
                .isTrue();
        assertThat(c.inhibitor()
                        .isInhibited(
                                labels("topic=billing,severity=warning,account=a1"),
                                List.of(labels("topic=support,severity=critical,account=a1"))))
                .isFalse();

        RouteMatch sales =
                c.routingTree().match(labels("topic=growth,account=a1")).get(0);
        // 2024-01-15 is a Monday; Paris is UTC+1 in January.
        assertThat(sales.isMuted(c.timeIntervals(), Instant.parse("2024-01-15T09:00:00Z")))
                .isFalse();
        assertThat(sales.isMuted(c.timeIntervals(), Instant.parse("2024-01-15T19:00:00Z")))
                .isTrue();
        assertThat(sales.isMuted(c.timeIntervals(), Instant.parse("2024-01-13T10:00:00Z")))
                .isTrue();
        RouteMatch finance =
                c.routingTree().match(labels("topic=billing,account=a1")).get(0);
        assertThat(finance.isMuted(c.timeIntervals(), Instant.parse("2024-01-13T10:00:00Z")))
                .isFalse();
    }

    @Test
    void defaultFileExpandsEnvironmentAndFailsWithoutRequiredSecrets() throws IOException {
        AlertingConfig c = defaultConfig();
        assertThat(c.receiver("support")
                        .orElseThrow()
                        .slackConfigs()
                        .get(0)
                        .apiUrl()
                        .reveal())
                .isEqualTo("https://hooks.slack.test/T0/support-SECRET");
        assertThat(c.receiver("default-webhook")
                        .orElseThrow()
                        .webhookConfigs()
                        .get(0)
                        .hmacSecret()
                        .reveal())
                .isEqualTo("hmac-SECRET");
        assertThat(c.receiver("finance")
                        .orElseThrow()
                        .emailConfigs()
                        .get(0)
                        .authPassword()
                        .reveal())
                .isEqualTo("smtp-SECRET");

        Map<String, String> missing = new HashMap<>(ENV);
        missing.remove("RAPPORT_SLACK_SALES_URL");
        assertThatThrownBy(() -> new AlertingConfigParser(missing::get).parseResource("routing/default-routing.yml"))
                .hasMessage(
                        "receivers[4].slack_configs[0].api_url: environment variable RAPPORT_SLACK_SALES_URL is not set");
    }

    @Test
    void receiverConfigsNeverPrintSecrets() throws IOException {
        AlertingConfig c = defaultConfig();
        String printed = c.receivers().toString() + c.global() + c;
        assertThat(printed).doesNotContain("SECRET").contains("<secret>");
        assertThat(printed).contains("#support-alerts");
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
