package io.rapport.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Direction;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.Severity;
import io.rapport.common.event.SurveyKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScoreCalculatorTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final LocalDate TODAY = AccountState.dayOf(NOW);

    static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    static RelationshipScore score(AccountKind kind, Function<Events, List<RapportEvent>> extra, ClvInputs clv) {
        Events ev = new Events("acc-1");
        List<RapportEvent> events = new ArrayList<>(Accounts.healthyEngagedPayer(ev, kind, NOW));
        events.addAll(extra.apply(ev));
        return ScoreCalculator.score(Accounts.fold("acc-1", events), NOW, ScoringPolicy.defaultsFor(kind), clv);
    }

    static RelationshipScore healthy(AccountKind kind) {
        return score(kind, ev -> List.of(), null);
    }

    @Test
    void healthyEngagedPayerIsHealthyAndActive() {
        RelationshipScore s = healthy(AccountKind.CUSTOMER);
        assertThat(s.band()).isEqualTo(ScoreBand.HEALTHY);
        assertThat(s.stage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(s.score()).isGreaterThanOrEqualTo(80);
        assertThat(s.component(ComponentKind.VALUE)).isGreaterThan(90);
        assertThat(s.component(ComponentKind.ENGAGEMENT)).isGreaterThan(60);
        assertThat(s.component(ComponentKind.SENTIMENT)).isGreaterThan(80);
        assertThat(s.component(ComponentKind.RISK)).isGreaterThan(90);
        double blended = s.components().values().stream()
                .mapToDouble(ScoreComponent::contribution)
                .sum();
        assertThat(s.score()).isCloseTo(blended, within(0.01));
        assertThat(s.components().values()).allSatisfy(c -> {
            assertThat(c.explanation()).isNotBlank();
            assertThat(c.inputs()).isNotEmpty();
        });
        assertThat(s.components().get(ComponentKind.VALUE).inputs()).containsEntry("trailingRevenue", 96000.0);
        assertThat(s.indicators())
                .containsEntry(Indicators.MAX_DAYS_OVERDUE, 0.0)
                .containsEntry(Indicators.LAST_NPS, 9.0);
    }

    @Test
    void scoreIsDeterministicGivenStateNowPolicyAndClv() {
        ClvInputs clv = new ClvInputs(0.8, new BigDecimal("20000"));
        assertThat(score(AccountKind.PARTNER, ev -> List.of(), clv))
                .isEqualTo(score(AccountKind.PARTNER, ev -> List.of(), clv));
    }

    record Case(String name, Function<Events, List<RapportEvent>> extra, ComponentKind component, double minDrop) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> adverseSignals() {
        return Stream.of(
                new Case(
                        "overdue invoices -> risk drops",
                        ev -> List.of(
                                ev.invoice(daysAgo(90), "inv-late-1", "8000.00", TODAY.minusDays(60)),
                                ev.invoice(daysAgo(80), "inv-late-2", "8000.00", TODAY.minusDays(50)),
                                ev.payment(daysAgo(10), "inv-late-2", "1000.00")),
                        ComponentKind.RISK,
                        50),
                new Case(
                        "detractor survey -> sentiment drops",
                        ev -> List.of(ev.survey(daysAgo(1), SurveyKind.NPS, 2)),
                        ComponentKind.SENTIMENT,
                        10),
                new Case(
                        "complaints and open tickets -> sentiment drops",
                        ev -> List.of(
                                ev.complaint(daysAgo(3), Severity.HIGH),
                                ev.ticketOpened(daysAgo(5), "t-1", Severity.HIGH),
                                ev.ticketOpened(daysAgo(4), "t-2", Severity.MEDIUM),
                                ev.ticketOpened(daysAgo(4), "t-3", Severity.LOW)),
                        ComponentKind.SENTIMENT,
                        15),
                new Case(
                        "usage collapse -> engagement drops",
                        ev -> List.of(
                                ev.usage(daysAgo(40), "active_users", "400"),
                                ev.usage(daysAgo(45), "active_users", "400")),
                        ComponentKind.ENGAGEMENT,
                        4),
                new Case(
                        "large refund -> value drops",
                        ev -> List.of(ev.refund(daysAgo(2), "o-1", "60000.00")),
                        ComponentKind.VALUE,
                        10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adverseSignals")
    void adverseSignalLowersItsComponentAndTheScore(Case c) {
        RelationshipScore base = healthy(AccountKind.CUSTOMER);
        RelationshipScore hit = score(AccountKind.CUSTOMER, c.extra(), null);
        assertThat(hit.component(c.component()))
                .as(hit.components().get(c.component()).explanation())
                .isLessThanOrEqualTo(base.component(c.component()) - c.minDrop());
        assertThat(hit.score()).isLessThan(base.score());
    }

    @Test
    void overdueInvoicesAreExplainedAndMakeTheCustomerAtRisk() {
        RelationshipScore s = score(
                AccountKind.CUSTOMER,
                ev -> List.of(ev.invoice(daysAgo(90), "inv-late", "12000.00", TODAY.minusDays(60))),
                null);
        assertThat(s.indicators())
                .containsEntry(Indicators.MAX_DAYS_OVERDUE, 60.0)
                .containsEntry(Indicators.OVERDUE_AMOUNT, 12000.0);
        assertThat(s.components().get(ComponentKind.RISK).explanation()).contains("overdue invoices");
        assertThat(s.stage()).isEqualTo(LifecycleStage.AT_RISK);
    }

    @Test
    void invoiceWithinGraceIsNotOverdue() {
        RelationshipScore s = score(
                AccountKind.CUSTOMER,
                ev -> List.of(ev.invoice(daysAgo(40), "inv-recent", "12000.00", TODAY.minusDays(3))),
                null);
        assertThat(s.indicators()).containsEntry(Indicators.MAX_DAYS_OVERDUE, 0.0);
    }

    static List<RapportEvent> lateDeliveriesAndDefects(Events ev) {
        return List.of(
                ev.deliveryDelayed(daysAgo(50), "o-1", 12),
                ev.deliveryDelayed(daysAgo(35), "o-2", 5),
                ev.deliveryDelayed(daysAgo(20), "o-3", 9),
                ev.deliveryDelayed(daysAgo(6), "o-4", 3),
                ev.qualityIncident(daysAgo(25), Severity.HIGH),
                ev.qualityIncident(daysAgo(10), Severity.MEDIUM));
    }

    @Test
    void lateDeliveriesWeighOnASupplierFarMoreThanOnACustomer() {
        RelationshipScore supplier = score(AccountKind.SUPPLIER, ScoreCalculatorTest::lateDeliveriesAndDefects, null);
        RelationshipScore customer = score(AccountKind.CUSTOMER, ScoreCalculatorTest::lateDeliveriesAndDefects, null);
        assertThat(supplier.component(ComponentKind.RISK)).isLessThan(10);
        assertThat(customer.component(ComponentKind.RISK)).isGreaterThan(supplier.component(ComponentKind.RISK) + 40);
        assertThat(supplier.band()).isNotEqualTo(ScoreBand.HEALTHY);
        assertThat(customer.band()).isEqualTo(ScoreBand.HEALTHY);
        assertThat(supplier.indicators())
                .containsEntry(Indicators.DELIVERY_DELAYS_30D, 2.0)
                .containsEntry(Indicators.QUALITY_INCIDENTS_30D, 2.0);
        assertThat(supplier.components().get(ComponentKind.RISK).explanation()).contains("4 late deliveries");
    }

    @Test
    void overdueInvoicesWeighOnACustomerNotOnASupplier() {
        Function<Events, List<RapportEvent>> overdue =
                ev -> List.of(ev.invoice(daysAgo(90), "inv-late", "12000.00", TODAY.minusDays(60)));
        RelationshipScore supplier = score(AccountKind.SUPPLIER, overdue, null);
        RelationshipScore customer = score(AccountKind.CUSTOMER, overdue, null);
        assertThat(customer.component(ComponentKind.RISK)).isLessThan(supplier.component(ComponentKind.RISK) - 50);
    }

    @Test
    void prospectHasNoValueAndNoRisk() {
        Events ev = new Events("acc-p");
        AccountState s = Accounts.fold(
                "acc-p",
                List.of(
                        ev.account(daysAgo(20), AccountKind.CUSTOMER, "lead"),
                        ev.meeting(daysAgo(10), Direction.OUTBOUND, "c-1"),
                        ev.email(daysAgo(5), Direction.INBOUND, "c-1")));
        RelationshipScore score = ScoreCalculator.score(s, NOW, ScoringPolicy.defaultsFor(AccountKind.CUSTOMER), null);
        assertThat(score.stage()).isEqualTo(LifecycleStage.PROSPECT);
        assertThat(score.component(ComponentKind.VALUE)).isZero();
        assertThat(score.component(ComponentKind.RISK)).isEqualTo(100.0);
        assertThat(score.component(ComponentKind.ENGAGEMENT)).isBetween(20.0, 80.0);
        assertThat(score.indicators()).doesNotContainKey(Indicators.P_ALIVE).doesNotContainKey(Indicators.LAST_NPS);
    }

    @Test
    void lowPAliveFromTheModelLowersRiskAndMakesTheAccountAtRisk() {
        RelationshipScore alive =
                score(AccountKind.CUSTOMER, ev -> List.of(), new ClvInputs(0.95, new BigDecimal("50000")));
        RelationshipScore dying =
                score(AccountKind.CUSTOMER, ev -> List.of(), new ClvInputs(0.1, new BigDecimal("50000")));
        assertThat(dying.component(ComponentKind.RISK)).isLessThan(alive.component(ComponentKind.RISK) - 50);
        assertThat(dying.stage()).isEqualTo(LifecycleStage.AT_RISK);
        assertThat(alive.components().get(ComponentKind.VALUE).inputs()).containsKey("predictedValuePoints");
    }

    @Test
    void logScaleGivesHundredAtTheReferenceAndZeroThreeDecadesBelow() {
        ScoringPolicy.Normalisation n =
                ScoringPolicy.defaultsFor(AccountKind.CUSTOMER).normalisation();
        assertThat(ScoreCalculator.logPoints(new BigDecimal("100000"), n)).isCloseTo(100, within(1e-9));
        assertThat(ScoreCalculator.logPoints(new BigDecimal("10000"), n)).isCloseTo(66.667, within(0.001));
        assertThat(ScoreCalculator.logPoints(new BigDecimal("100"), n)).isCloseTo(0, within(1e-9));
        assertThat(ScoreCalculator.logPoints(new BigDecimal("5000000"), n)).isEqualTo(100);
        assertThat(ScoreCalculator.logPoints(BigDecimal.ZERO, n)).isZero();
    }
}
