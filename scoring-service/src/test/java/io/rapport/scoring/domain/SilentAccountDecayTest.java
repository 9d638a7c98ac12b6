package io.rapport.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.common.event.AccountKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Guards the requirement: "a silent account decaying into the at-risk band" with no new event. */
class SilentAccountDecayTest {

    static final Instant LAST_EVENT = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void silentHealthyAccountDecaysIntoAtRiskAsNowAdvances() {
        Events ev = new Events("acc-silent");
        AccountState state =
                Accounts.fold("acc-silent", Accounts.healthyEngagedPayer(ev, AccountKind.CUSTOMER, LAST_EVENT));
        ScoringPolicy policy = ScoringPolicy.defaultsFor(AccountKind.CUSTOMER);

        List<String> trajectory = new ArrayList<>();
        List<RelationshipScore> scores = new ArrayList<>();
        for (int day = 1; day <= 540; day += 7) {
            RelationshipScore s = ScoreCalculator.score(state, LAST_EVENT.plus(Duration.ofDays(day)), policy, null);
            scores.add(s);
            trajectory.add(
                    "day " + day + ": " + s.score() + " " + s.band() + " " + s.stage() + " " + s.componentValues());
        }
        String description = String.join("\n", trajectory);

        assertThat(scores.get(0).band()).as(description).isEqualTo(ScoreBand.HEALTHY);
        int firstAtRisk = -1;
        for (int i = 0; i < scores.size(); i++) {
            if (scores.get(i).band() == ScoreBand.AT_RISK) {
                firstAtRisk = i;
                break;
            }
        }
        assertThat(firstAtRisk).as(description).isPositive();
        // Once at risk, silence never brings it back.
        assertThat(scores.subList(firstAtRisk, scores.size()))
                .as(description)
                .allSatisfy(s -> assertThat(s.band()).isEqualTo(ScoreBand.AT_RISK));
        // It passes through watch on the way: decay is gradual, not a cliff.
        assertThat(scores.subList(0, firstAtRisk))
                .as(description)
                .anySatisfy(s -> assertThat(s.band()).isEqualTo(ScoreBand.WATCH));
        // Engagement only ever falls while the account is silent.
        for (int i = 1; i < scores.size(); i++) {
            assertThat(scores.get(i).component(ComponentKind.ENGAGEMENT))
                    .as(description)
                    .isLessThanOrEqualTo(scores.get(i - 1).component(ComponentKind.ENGAGEMENT));
        }
        // The state itself never changed: only now moved.
        assertThat(state)
                .isEqualTo(Accounts.fold(
                        "acc-silent",
                        Accounts.healthyEngagedPayer(new Events("acc-silent"), AccountKind.CUSTOMER, LAST_EVENT)));
    }
}
