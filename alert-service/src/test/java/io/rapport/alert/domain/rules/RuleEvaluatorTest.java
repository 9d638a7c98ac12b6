package io.rapport.alert.domain.rules;

import static io.rapport.alert.domain.rules.Scores.T0;
import static io.rapport.alert.domain.rules.Scores.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Contact;
import io.rapport.common.event.Interactions;
import io.rapport.common.event.MembershipChange;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.event.SegmentChangedEvent;
import io.rapport.common.event.Severity;
import io.rapport.common.event.SurveyKind;
import io.rapport.common.event.Transactions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rule type, table-driven: the signal, the account's facts, and what the rule finds. */
class RuleEvaluatorTest {
    private static final String ACC = "acc-1";

    static AlertRule rule(String type, Map<String, Object> parameters, String... kinds) {
        return RuleValidator.validate(new RuleDefinition(
                "r-" + type.replace('_', '-'),
                type,
                parameters,
                "relationship",
                "warning",
                Map.of(),
                "{account}: {score}",
                null,
                List.of(kinds),
                true,
                null));
    }

    static AccountFacts facts(ScoreChangedEvent s) {
        return AccountFacts.unknown(ACC).withScore(s);
    }

    static AccountFacts facts(ScoreChangedEvent s, List<AccountFacts.ScorePoint> history) {
        return new AccountFacts(ACC, null, null, null, null, null, history, List.of()).withScore(s);
    }

    static Signal.Score on(ScoreChangedEvent s) {
        return new Signal.Score(s);
    }

    static ScoreChangedEvent s(double value, Double previous, Map<String, Double> indicators) {
        return score(ACC, 5, value, previous, indicators);
    }

    static Signal.Interaction interaction(io.rapport.common.event.InteractionEvent e) {
        return new Signal.Interaction(e);
    }

    static Signal.Segment segment(String id, MembershipChange change) {
        return segment(id, change, Map.of());
    }

    static Signal.Segment segment(String id, MembershipChange change, Map<String, Object> values) {
        return new Signal.Segment(new SegmentChangedEvent(
                "seg-1", ACC, T0, "segmentation", id, "Segment " + id, 1, change, null, values));
    }

    static Stream<Arguments> cases() {
        ScoreChangedEvent supplier = score(ACC, 3, 60, 62.0, Map.of(), AccountKind.SUPPLIER, "core", 0.9, T0);
        ScoreChangedEvent watch = s(55, 58.0, Map.of());
        ScoreChangedEvent healthy = s(80, 78.0, Map.of());
        AccountFacts renewalWatch = new AccountFacts(
                        ACC,
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        List.of(new AccountFacts.Renewal(
                                "c-1", LocalDate.parse("2026-04-15"), new BigDecimal("50000"), "EUR")))
                .withScore(watch);
        AccountFacts renewalHealthy = new AccountFacts(
                        ACC, null, null, null, null, null, List.of(), renewalWatch.renewals())
                .withScore(healthy);
        var order = new Transactions.Order("o-1", ACC, T0, "erp", "PO-9", new BigDecimal("150000.00"), "EUR");
        var smallOrder = new Transactions.Order("o-2", ACC, T0, "erp", "PO-10", new BigDecimal("900.00"), "EUR");
        var detractor = new Interactions.SurveyResponse("sv-1", ACC, T0, "qualtrics", SurveyKind.NPS, 4, null, "slow");
        var promoter = new Interactions.SurveyResponse("sv-2", ACC, T0, "qualtrics", SurveyKind.NPS, 9, null, null);
        var csat = new Interactions.SurveyResponse("sv-3", ACC, T0, "qualtrics", SurveyKind.CSAT, 1, null, null);
        var complaint = new Interactions.Complaint("cp-1", ACC, T0, "zendesk", "billing", Severity.HIGH, "wrong");
        var minorComplaint = new Interactions.Complaint("cp-2", ACC, T0, "zendesk", "billing", Severity.LOW, null);
        var delay = new Interactions.DeliveryDelayed("dd-1", ACC, T0, "wms", "PO-7", 5);
        var slightDelay = new Interactions.DeliveryDelayed("dd-2", ACC, T0, "wms", "PO-8", 1);
        var incident = new Interactions.QualityIncident("qi-1", ACC, T0, "qms", "NCR-1", Severity.CRITICAL, "cracks");
        var meeting = new Interactions.Meeting(
                "m-1",
                ACC,
                T0,
                "crm",
                io.rapport.common.event.Direction.OUTBOUND,
                new Contact("Ana", "ana@example.com", null, null),
                30,
                null);
        return Stream.of(
                arguments(
                        "below: 35 < 40 fires",
                        rule("score_below", Map.of("threshold", 40)),
                        on(s(35, 45.0, Map.of())),
                        null,
                        "fire:score"),
                arguments(
                        "below: 45 clears",
                        rule("score_below", Map.of("threshold", 40)),
                        on(s(45, 35.0, Map.of())),
                        null,
                        "clear:*"),
                arguments(
                        "above: 85 > 80 fires",
                        rule("score_above", Map.of("threshold", 80)),
                        on(s(85, 70.0, Map.of())),
                        null,
                        "fire:score"),
                arguments(
                        "above: 80 clears",
                        rule("score_above", Map.of("threshold", 80)),
                        on(s(80, 85.0, Map.of())),
                        null,
                        "clear:*"),
                arguments(
                        "drop: 72 -> 60 within 7 days fires",
                        rule("score_drop", Map.of("points", 10, "windowDays", 7)),
                        on(s(60, 64.0, Map.of())),
                        facts(
                                s(60, 64.0, Map.of()),
                                List.of(new AccountFacts.ScorePoint(T0.minus(Duration.ofDays(3)), 3, 72))),
                        "fire:drop"),
                arguments(
                        "drop: the peak outside the window does not count",
                        rule("score_drop", Map.of("points", 10, "windowDays", 7)),
                        on(s(60, 64.0, Map.of())),
                        facts(
                                s(60, 64.0, Map.of()),
                                List.of(new AccountFacts.ScorePoint(T0.minus(Duration.ofDays(9)), 3, 90))),
                        "clear:*"),
                arguments(
                        "band: healthy -> watch fires",
                        rule("band_change", Map.of()),
                        on(s(65, 75.0, Map.of())),
                        null,
                        "fire:band"),
                arguments(
                        "band: to at_risk ignores watch",
                        rule("band_change", Map.of("to", "at_risk")),
                        on(s(65, 75.0, Map.of())),
                        null,
                        "clear:*"),
                arguments(
                        "band: to at_risk fires",
                        rule("band_change", Map.of("to", "at_risk")),
                        on(s(30, 45.0, Map.of())),
                        null,
                        "fire:at_risk"),
                arguments(
                        "band: unchanged does nothing",
                        rule("band_change", Map.of()),
                        on(s(75, 80.0, Map.of())),
                        null,
                        "none"),
                arguments(
                        "segment entered fires",
                        rule("segment_entered", Map.of("segmentId", "vip")),
                        segment("vip", MembershipChange.ENTERED),
                        null,
                        "fire:vip"),
                arguments(
                        "segment entered: left clears",
                        rule("segment_entered", Map.of("segmentId", "vip")),
                        segment("vip", MembershipChange.LEFT),
                        null,
                        "clear:vip"),
                arguments(
                        "segment entered: other segment ignored",
                        rule("segment_entered", Map.of("segmentId", "vip")),
                        segment("lost", MembershipChange.ENTERED),
                        null,
                        "none"),
                arguments(
                        "segment left: any segment",
                        rule("segment_left", Map.of("segmentId", "*")),
                        segment("champions", MembershipChange.LEFT),
                        null,
                        "fire:champions"),
                arguments(
                        "segment left: the segment was deleted, nothing fires",
                        rule("segment_left", Map.of("segmentId", "*")),
                        segment("champions", MembershipChange.LEFT, Map.of("reason", "segment deleted")),
                        null,
                        "none"),
                arguments(
                        "segment entered: the segment was deleted, the alert clears",
                        rule("segment_entered", Map.of("segmentId", "vip")),
                        segment("vip", MembershipChange.LEFT, Map.of("reason", "segment deleted")),
                        null,
                        "clear:vip"),
                arguments(
                        "inactivity: 45 days at tier key fires",
                        rule("inactivity", Map.of("days", 30, "minTier", "key")),
                        on(s(60, 61.0, Map.of("daysSinceLastTwoWayInteraction", 45.0))),
                        null,
                        "fire:inactivity"),
                arguments(
                        "inactivity: tier core is below key",
                        rule("inactivity", Map.of("days", 30, "minTier", "key")),
                        on(score(
                                ACC,
                                5,
                                60,
                                61.0,
                                Map.of("daysSinceLastTwoWayInteraction", 45.0),
                                AccountKind.CUSTOMER,
                                "core",
                                0.9,
                                T0)),
                        null,
                        "clear:*"),
                arguments(
                        "inactivity: ages with the clock on a tick",
                        rule("inactivity", Map.of("days", 30)),
                        new Signal.Tick(T0.plus(Duration.ofDays(11))),
                        facts(s(60, 61.0, Map.of("daysSinceLastTwoWayInteraction", 20.0))),
                        "fire:inactivity"),
                arguments(
                        "inactivity: no indicator, nothing to say",
                        rule("inactivity", Map.of("days", 30)),
                        on(s(60, 61.0, Map.of())),
                        null,
                        "none"),
                arguments(
                        "overdue: 35 days fires",
                        rule("invoice_overdue", Map.of("days", 30)),
                        on(s(60, 61.0, Map.of("maxDaysOverdue", 35.0, "overdueAmount", 1200.0))),
                        null,
                        "fire:overdue"),
                arguments(
                        "overdue: paid (0) clears",
                        rule("invoice_overdue", Map.of("days", 30)),
                        on(s(60, 61.0, Map.of("maxDaysOverdue", 0.0))),
                        null,
                        "clear:*"),
                arguments(
                        "overdue: 25 days becomes 31 on a tick six days later",
                        rule("invoice_overdue", Map.of("days", 30)),
                        new Signal.Tick(T0.plus(Duration.ofDays(6))),
                        facts(s(60, 61.0, Map.of("maxDaysOverdue", 25.0))),
                        "fire:overdue"),
                arguments(
                        "overdue: customer-only rule ignores a supplier",
                        rule("invoice_overdue", Map.of("days", 30), "customer"),
                        on(supplier),
                        null,
                        "none"),
                arguments(
                        "order: 150k >= 100k fires",
                        rule("large_order", Map.of("amount", 100000)),
                        new Signal.Transaction(order),
                        facts(watch),
                        "fire:PO-9"),
                arguments(
                        "order: 900 is small",
                        rule("large_order", Map.of("amount", 100000)),
                        new Signal.Transaction(smallOrder),
                        facts(watch),
                        "none"),
                arguments(
                        "order: other currency",
                        rule("large_order", Map.of("amount", 1, "currency", "USD")),
                        new Signal.Transaction(order),
                        facts(watch),
                        "none"),
                arguments(
                        "detractor: NPS 4 fires",
                        rule("detractor_survey", Map.of()),
                        interaction(detractor),
                        facts(watch),
                        "fire:nps"),
                arguments(
                        "detractor: NPS 9 clears",
                        rule("detractor_survey", Map.of()),
                        interaction(promoter),
                        facts(watch),
                        "clear:nps"),
                arguments(
                        "detractor: CSAT is not NPS",
                        rule("detractor_survey", Map.of()),
                        interaction(csat),
                        facts(watch),
                        "none"),
                arguments(
                        "detractor: a meeting is ignored",
                        rule("detractor_survey", Map.of()),
                        interaction(meeting),
                        facts(watch),
                        "none"),
                arguments(
                        "complaint: high >= medium fires",
                        rule("complaint", Map.of("minSeverity", "medium")),
                        interaction(complaint),
                        facts(watch),
                        "fire:billing"),
                arguments(
                        "complaint: low < medium",
                        rule("complaint", Map.of("minSeverity", "medium")),
                        interaction(minorComplaint),
                        facts(watch),
                        "none"),
                arguments(
                        "complaint: none left in 30 days clears",
                        rule("complaint", Map.of()),
                        on(s(60, 61.0, Map.of("complaints30d", 0.0))),
                        null,
                        "clear:*"),
                arguments(
                        "churn: pAlive 0.3 < 0.5 fires",
                        rule("churn_risk", Map.of("pAlive", 0.5)),
                        on(score(ACC, 5, 50, 52.0, Map.of(), AccountKind.CUSTOMER, "key", 0.3, T0)),
                        null,
                        "fire:churn"),
                arguments(
                        "churn: pAlive 0.9 clears",
                        rule("churn_risk", Map.of("pAlive", 0.5)),
                        on(s(50, 52.0, Map.of())),
                        null,
                        "clear:*"),
                arguments(
                        "expansion: usage x1.4 with NPS 10 fires",
                        rule("expansion_signal", Map.of()),
                        on(s(80, 78.0, Map.of("usageGrowth30d", 1.4, "lastNps", 10.0))),
                        null,
                        "fire:expansion"),
                arguments(
                        "expansion: NPS 7 is no promoter",
                        rule("expansion_signal", Map.of()),
                        on(s(80, 78.0, Map.of("usageGrowth30d", 1.4, "lastNps", 7.0))),
                        null,
                        "clear:*"),
                arguments(
                        "delivery: 5 days late fires (supplier)",
                        rule("delivery_delayed", Map.of("minDaysLate", 2)),
                        interaction(delay),
                        facts(supplier),
                        "fire:delivery"),
                arguments(
                        "delivery: 1 day late is tolerated",
                        rule("delivery_delayed", Map.of("minDaysLate", 2)),
                        interaction(slightDelay),
                        facts(supplier),
                        "none"),
                arguments(
                        "delivery: supplier-only rule ignores a customer",
                        rule("delivery_delayed", Map.of(), "supplier"),
                        interaction(delay),
                        facts(watch),
                        "none"),
                arguments(
                        "delivery: no delay in 30 days clears",
                        rule("delivery_delayed", Map.of()),
                        on(s(60, 61.0, Map.of("deliveryDelays30d", 0.0))),
                        null,
                        "clear:*"),
                arguments(
                        "quality: critical fires",
                        rule("quality_incident", Map.of("minSeverity", "high")),
                        interaction(incident),
                        facts(supplier),
                        "fire:quality"),
                arguments(
                        "renewal: 34 days away in watch fires",
                        rule("renewal_approaching", Map.of("days", 60)),
                        new Signal.Transaction(new Transactions.ContractRenewalDue(
                                "rn-1",
                                ACC,
                                T0,
                                "crm",
                                "c-1",
                                new BigDecimal("50000"),
                                "EUR",
                                LocalDate.parse("2026-04-15"))),
                        renewalWatch,
                        "fire:c-1"),
                arguments(
                        "renewal: healthy account clears",
                        rule("renewal_approaching", Map.of("days", 60)),
                        on(healthy),
                        renewalHealthy,
                        "clear:c-1"),
                arguments(
                        "renewal: more than the window away clears",
                        rule("renewal_approaching", Map.of("days", 10)),
                        on(watch),
                        renewalWatch,
                        "clear:c-1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluatesEachRuleType(String name, AlertRule rule, Signal signal, AccountFacts given, String expected) {
        AccountFacts facts = given != null
                ? given
                : signal instanceof Signal.Score score ? facts(score.score()) : AccountFacts.unknown(ACC);
        List<RuleOutcome> outcomes = RuleEvaluator.evaluate(rule, signal, facts);
        String actual = outcomes.isEmpty()
                ? "none"
                : outcomes.get(0) instanceof RuleOutcome.Fire f
                        ? "fire:" + f.reasonKey()
                        : "clear:"
                                + (((RuleOutcome.Clear) outcomes.get(0)).reasonKey() == null
                                        ? "*"
                                        : ((RuleOutcome.Clear) outcomes.get(0)).reasonKey());
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void rendersLabelsTextsAndTheExplanationOfTheScoreMovement() {
        AlertRule rule = RuleValidator.validate(new RuleDefinition(
                "low-score",
                "score_below",
                Map.of("threshold", 40),
                "relationship",
                "critical",
                Map.of("team", "account-team"),
                "{account}: score {score} below {threshold} ({band})",
                "was {previousScore}",
                List.of(),
                true,
                null));
        ScoreChangedEvent s = score(ACC, 7, 35.25, 52.0, Map.of());
        AccountFacts facts = facts(s);
        var fire = (RuleOutcome.Fire) RuleEvaluator.evaluate(rule, on(s), facts).get(0);

        RuleEvaluator.Rendered r = RuleEvaluator.render(rule, facts, fire, s.eventId());

        assertThat(r.summary()).isEqualTo("Account acc-1: score 35.25 below 40 (at_risk)");
        assertThat(r.description()).isEqualTo("was 52");
        assertThat(r.labels())
                .containsEntry("topic", "relationship")
                .containsEntry("severity", "critical")
                .containsEntry("account", ACC)
                .containsEntry("account_kind", "customer")
                .containsEntry("tier", "key")
                .containsEntry("region", "DACH")
                .containsEntry("rule", "low-score")
                .containsEntry("team", "account-team");
        assertThat(r.explanation())
                .containsEntry("condition", "score_below(threshold=40)")
                .containsEntry("causingEventId", s.eventId())
                .containsEntry("biggestMovers", "engagement 52 -> 35.25");
    }
}
