package io.rapport.alert.domain.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.alert.domain.inhibit.Inhibitor;
import io.rapport.alert.domain.notify.AlertNotice;
import io.rapport.alert.domain.routing.AlertingConfig;
import io.rapport.alert.domain.routing.AlertingConfigParser;
import io.rapport.alert.domain.routing.Matcher;
import io.rapport.alert.domain.routing.RouteMatch;
import io.rapport.alert.domain.silence.Silence;
import io.rapport.alert.domain.silence.Silences;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grouping timelines of one aggregation group, with time moved by hand. */
class AggregationGroupTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String YAML = """
            route:
              receiver: team
              group_by: [account, topic]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 4h
              routes:
                - matchers: ['topic="muted"']
                  receiver: team
                  mute_time_intervals: [always]
            time_intervals:
              - name: always
                time_intervals:
                  - weekdays: ['sunday:saturday']
            receivers:
              - name: team
                webhook_configs:
                  - url: http://127.0.0.1:1/hook
            """;

    private final AlertingConfig config = new AlertingConfigParser(n -> null).parse(YAML);
    private final Integration resolvedToo = new Integration("team", "webhook", 0, true);
    private final Integration firingOnly = new Integration("team", "slack", 0, false);
    private List<Silence> silences = new ArrayList<>();

    private AggregationGroup group(String topic) {
        Map<String, String> labels = labels("a1", topic, "warning");
        RouteMatch match = config.routingTree().match(labels).get(0);
        return AggregationGroup.open(match.groupKey(labels), match, T0);
    }

    private static Map<String, String> labels(String account, String topic, String severity) {
        return Map.of("account", account, "topic", topic, "severity", severity);
    }

    private static AlertNotice firing(String id, String topic, Instant at) {
        return new AlertNotice(
                id,
                "a1",
                labels("a1", topic, "warning"),
                Map.of("summary", id),
                T0,
                null,
                at,
                1,
                Map.of(),
                AlertNotice.Status.FIRING);
    }

    private static AlertNotice resolved(String id, String topic, Instant at) {
        return new AlertNotice(
                id,
                "a1",
                labels("a1", topic, "warning"),
                Map.of("summary", id),
                T0,
                at,
                at,
                1,
                Map.of(),
                AlertNotice.Status.RESOLVED);
    }

    private FlushResult flush(AggregationGroup g, Instant now) {
        return g.flush(new FlushContext(
                now,
                new Silences(silences),
                new Inhibitor(config.inhibitRules()),
                List.of(),
                config.timeIntervals(),
                List.of(resolvedToo, firingOnly),
                Duration.ofHours(24)));
    }

    /** Flushes when due and returns the next state, collecting notifications. */
    private AggregationGroup tick(AggregationGroup g, Instant now, List<PlannedNotification> sent) {
        if (!g.dueAt(now)) {
            return g;
        }
        FlushResult r = flush(g, now);
        sent.addAll(r.notifications());
        return g.afterFlush(r, Duration.ofHours(24));
    }

    @Test
    void firstNotificationWaitsGroupWaitThenChangesWaitForGroupIntervalAndRepeatsAfterRepeatInterval() {
        List<PlannedNotification> sent = new ArrayList<>();
        AggregationGroup g =
                group("billing").withAlert(firing("x", "billing", T0)).orElseThrow();
        assertThat(g.nextFlushAt()).isEqualTo(T0.plusSeconds(30));

        g = tick(g, T0.plusSeconds(29), sent);
        assertThat(sent).isEmpty();
        g = tick(g, T0.plusSeconds(30), sent);
        assertThat(sent).hasSize(2).allMatch(n -> n.status() == AlertNotice.Status.FIRING);
        assertThat(g.nextFlushAt()).isEqualTo(T0.plusSeconds(30).plus(Duration.ofMinutes(5)));

        // A second alert a minute later waits for the next group_interval tick.
        g = g.withAlert(firing("y", "billing", T0.plusSeconds(90))).orElseThrow();
        sent.clear();
        g = tick(g, T0.plusSeconds(200), sent);
        assertThat(sent).isEmpty();
        g = tick(g, T0.plusSeconds(330), sent);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).alerts()).extracting(AlertNotice::alertId).containsExactly("x", "y");

        // Unchanged: nothing at the following ticks until repeat_interval has passed.
        sent.clear();
        Instant t = T0.plusSeconds(330);
        while (t.isBefore(T0.plusSeconds(330).plus(Duration.ofHours(4)).minusSeconds(1))) {
            t = t.plus(Duration.ofMinutes(5));
            if (t.isBefore(T0.plusSeconds(330).plus(Duration.ofHours(4)))) {
                g = tick(g, t, sent);
            }
        }
        assertThat(sent).isEmpty();
        g = tick(g, T0.plusSeconds(330).plus(Duration.ofHours(4)), sent);
        assertThat(sent).hasSize(2);
    }

    @Test
    void resolvedAlertsAreSentOnceToIntegrationsThatSendResolved() {
        List<PlannedNotification> sent = new ArrayList<>();
        AggregationGroup g =
                group("billing").withAlert(firing("x", "billing", T0)).orElseThrow();
        g = tick(g, T0.plusSeconds(30), sent);
        sent.clear();
        g = g.withAlert(resolved("x", "billing", T0.plusSeconds(60))).orElseThrow();
        g = tick(g, T0.plusSeconds(330), sent);
        // The webhook (send_resolved) gets the resolution; Slack (not) still has its log updated.
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.integration()).isEqualTo(resolvedToo);
            assertThat(n.status()).isEqualTo(AlertNotice.Status.RESOLVED);
        });
        assertThat(g.activeAlerts()).isEmpty();
        sent.clear();
        g = tick(g, T0.plusSeconds(630), sent);
        g = tick(g, T0.plusSeconds(630).plus(Duration.ofHours(5)), sent);
        assertThat(sent).isEmpty();
    }

    @Test
    void aRedeliveredOrOlderNoticeIsANoOp() {
        AggregationGroup g = group("billing")
                .withAlert(firing("x", "billing", T0.plusSeconds(10)))
                .orElseThrow();
        assertThat(g.withAlert(firing("x", "billing", T0.plusSeconds(10)))).isEmpty();
        assertThat(g.withAlert(firing("x", "billing", T0.plusSeconds(5)))).isEmpty();
        assertThat(g.withAlert(firing("x", "billing", T0.plusSeconds(11)))).isPresent();
    }

    @Test
    void replanningTheSameFlushGivesTheSameIdempotencyKeys() {
        AggregationGroup g =
                group("billing").withAlert(firing("x", "billing", T0)).orElseThrow();
        FlushResult first = flush(g, T0.plusSeconds(30));
        FlushResult again = flush(g, T0.plusSeconds(31));
        assertThat(again.notifications())
                .extracting(PlannedNotification::idempotencyKey)
                .containsExactlyElementsOf(first.notifications().stream()
                        .map(PlannedNotification::idempotencyKey)
                        .toList());
        AggregationGroup next = g.afterFlush(first, Duration.ofHours(24));
        FlushResult repeat =
                flush(next.withAlert(firing("x", "billing", T0)).orElse(next), T0.plus(Duration.ofHours(5)));
        assertThat(repeat.notifications())
                .extracting(PlannedNotification::idempotencyKey)
                .doesNotContainAnyElementsOf(first.notifications().stream()
                        .map(PlannedNotification::idempotencyKey)
                        .toList());
    }

    @Test
    void silencedAlertsAreLeftOutAndNotifiedOnceTheSilenceExpires() {
        List<PlannedNotification> sent = new ArrayList<>();
        silences.add(new Silence(
                "s1", List.of(Matcher.equal("account", "a1")), T0, T0.plusSeconds(120), "ops", "maintenance"));
        AggregationGroup g =
                group("billing").withAlert(firing("x", "billing", T0)).orElseThrow();
        g = tick(g, T0.plusSeconds(30), sent);
        assertThat(sent).isEmpty();
        g = tick(g, T0.plusSeconds(330), sent);
        assertThat(sent).hasSize(2);
    }

    @Test
    void aMutedRouteSendsNothingAndKeepsTheAlertsForLater() {
        List<PlannedNotification> sent = new ArrayList<>();
        AggregationGroup g = group("muted").withAlert(firing("x", "muted", T0)).orElseThrow();
        FlushResult r = flush(g, T0.plusSeconds(30));
        assertThat(r.muted()).isTrue();
        assertThat(r.notifications()).isEmpty();
        g = g.afterFlush(r, Duration.ofHours(24));
        assertThat(g.activeAlerts()).hasSize(1);
        assertThat(g.notified()).isEmpty();
        assertThat(sent).isEmpty();
    }

    @Test
    void aFiringAlertIsInhibitedByAFiringSourceAlert() {
        AlertingConfig withInhibit = new AlertingConfigParser(n -> null).parse(YAML + """
                inhibit_rules:
                  - source_matchers: ['severity="critical"']
                    target_matchers: ['severity="warning"']
                    equal: [account]
                """);
        AggregationGroup g =
                group("billing").withAlert(firing("x", "billing", T0)).orElseThrow();
        FlushResult r = g.flush(new FlushContext(
                T0.plusSeconds(30),
                new Silences(List.of()),
                withInhibit.inhibitor(),
                List.of(labels("a1", "billing", "critical")),
                config.timeIntervals(),
                List.of(resolvedToo),
                Duration.ofHours(24)));
        assertThat(r.notifications()).isEmpty();
    }
}
