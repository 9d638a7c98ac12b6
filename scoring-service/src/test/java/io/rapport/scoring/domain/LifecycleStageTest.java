package io.rapport.scoring.domain;

import static io.rapport.scoring.domain.LifecycleStage.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Direction;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleStageTest {

    static final ScoringPolicy.LifecycleThresholds T =
            ScoringPolicy.defaultsFor(AccountKind.CUSTOMER).lifecycle();

    static Arguments row(
            String name,
            Long sinceFirst,
            Long sinceActivity,
            ScoreBand band,
            Double pAlive,
            long overdue,
            boolean activeContract,
            Long toRenewal,
            LifecycleStage expected) {
        return Arguments.of(
                name,
                new LifecycleFacts(sinceFirst, sinceActivity, band, pAlive, overdue, activeContract, toRenewal),
                expected);
    }

    static Stream<Arguments> rules() {
        ScoreBand ok = ScoreBand.HEALTHY;
        return Stream.of(
                row("no commitment, talking", null, 3L, ok, null, 0, false, null, PROSPECT),
                row("no commitment, even at risk", null, 300L, ScoreBand.AT_RISK, null, 0, false, null, PROSPECT),
                row("first order 10 days ago", 10L, 10L, ok, null, 0, false, null, ONBOARDING),
                row("first order 89 days ago", 89L, 1L, ok, null, 0, false, null, ONBOARDING),
                row("first order 90 days ago", 90L, 1L, ok, null, 0, false, null, ACTIVE),
                row("onboarding with overdue invoice", 30L, 1L, ok, null, 12, false, null, AT_RISK),
                row("active contract, renewal in 200 days", 400L, 2L, ok, 0.9, 0, true, 200L, COMMITTED),
                row("renewal in 90 days", 400L, 2L, ok, 0.9, 0, true, 90L, RENEWING),
                row("renewal today", 400L, 2L, ok, 0.9, 0, true, 0L, RENEWING),
                row("renewal notice without active contract", 400L, 2L, ok, 0.9, 0, false, 30L, RENEWING),
                row("renewing but band at risk", 400L, 2L, ScoreBand.AT_RISK, 0.9, 0, true, 30L, AT_RISK),
                row("low P(alive)", 400L, 20L, ScoreBand.WATCH, 0.29, 0, false, null, AT_RISK),
                row("P(alive) at threshold", 400L, 20L, ScoreBand.WATCH, 0.3, 0, false, null, ACTIVE),
                row("overdue invoice", 400L, 20L, ok, 0.9, 1, true, 200L, AT_RISK),
                row("silent 179 days", 400L, 179L, ScoreBand.WATCH, 0.6, 0, false, null, ACTIVE),
                row("silent 180 days", 400L, 180L, ScoreBand.AT_RISK, 0.5, 30, false, null, LAPSED),
                row("committed but silent 200 days", 400L, 200L, ok, 0.9, 0, true, 200L, LAPSED));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("rules")
    void derivesTheStageFromTheFacts(String name, LifecycleFacts facts, LifecycleStage expected) {
        assertThat(LifecycleStage.derive(facts, T)).isEqualTo(expected);
    }

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final LocalDate TODAY = AccountState.dayOf(NOW);

    static LifecycleStage stageOf(AccountState s) {
        return ScoreCalculator.score(s, NOW, ScoringPolicy.defaultsFor(AccountKind.CUSTOMER), null)
                .stage();
    }

    @Test
    void factsAreReadFromTheState() {
        Events ev = new Events("acc-1");
        Instant early = NOW.minus(Duration.ofDays(300));
        var meeting = ev.meeting(NOW.minus(Duration.ofDays(2)), Direction.INBOUND, "c-1");
        var order = ev.order(early, "o-1", "20000");
        var recentOrder = ev.order(NOW.minus(Duration.ofDays(20)), "o-2", "20000");
        var contract = ev.contract(early, "k-1", "50000", TODAY.minusDays(300), TODAY.plusDays(200));
        var renewal = ev.renewalDue(NOW.minus(Duration.ofDays(1)), "k-1", "50000", TODAY.plusDays(45));

        AccountState committed = Accounts.fold("acc-1", List.of(meeting, order, recentOrder, contract));
        LifecycleFacts facts = AccountMeasures.of(committed, NOW, ScoringPolicy.defaultsFor(AccountKind.CUSTOMER), null)
                .lifecycleFacts(ScoreBand.HEALTHY);
        assertThat(facts.daysSinceFirstCommitment()).isEqualTo(300L);
        assertThat(facts.daysSinceLastActivity()).isEqualTo(2L);
        assertThat(facts.activeContract()).isTrue();
        assertThat(facts.daysToRenewal()).isEqualTo(200L);

        assertThat(stageOf(committed.apply(renewal))).isEqualTo(RENEWING);
        assertThat(stageOf(Accounts.fold("acc-1", List.of(meeting)))).isEqualTo(PROSPECT);
        assertThat(stageOf(Accounts.fold("acc-1", List.of(meeting, recentOrder))))
                .isEqualTo(ONBOARDING);
    }
}
