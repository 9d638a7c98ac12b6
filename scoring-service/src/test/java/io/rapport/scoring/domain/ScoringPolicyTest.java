package io.rapport.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.common.event.AccountKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScoringPolicyTest {

    static final ScoringPolicy CUSTOMER = ScoringPolicy.defaultsFor(AccountKind.CUSTOMER);

    @ParameterizedTest
    @EnumSource(AccountKind.class)
    void defaultsAreValid(AccountKind kind) {
        assertThat(ScoringPolicy.defaultsFor(kind).violations()).isEmpty();
    }

    @Test
    void defaultsDifferByKindAsDocumented() {
        ScoringPolicy supplier = ScoringPolicy.defaultsFor(AccountKind.SUPPLIER);
        ScoringPolicy partner = ScoringPolicy.defaultsFor(AccountKind.PARTNER);
        assertThat(supplier.risk().deliveryDelays())
                .isGreaterThan(CUSTOMER.risk().deliveryDelays());
        assertThat(supplier.risk().overdueInvoices()).isLessThan(CUSTOMER.risk().overdueInvoices());
        assertThat(partner.weights().engagement())
                .isGreaterThan(CUSTOMER.weights().engagement());
        assertThat(CUSTOMER.halfLives().engagementDays()).isEqualTo(30);
        assertThat(CUSTOMER.halfLives().sentimentDays()).isEqualTo(90);
        assertThat(CUSTOMER.windows().trailingRevenueDays()).isEqualTo(365);
        assertThat(CUSTOMER.windows().orderTrendDays()).isEqualTo(90);
        assertThat(CUSTOMER.bands().healthy()).isEqualTo(70);
        assertThat(CUSTOMER.bands().watch()).isEqualTo(45);
        assertThat(CUSTOMER.retentionDays()).isEqualTo(730);
    }

    @Test
    void weightsMustSumToOne() {
        ScoringPolicy p = withWeights(new ScoringPolicy.Weights(0.3, 0.3, 0.3, 0.3));
        assertThat(p.violations())
                .singleElement()
                .asString()
                .startsWith("weights:")
                .contains("must sum to 1")
                .contains("1.2");
    }

    @Test
    void weightsWithinToleranceAreAccepted() {
        assertThat(withWeights(new ScoringPolicy.Weights(0.1, 0.2, 0.3, 0.4 + 1e-12))
                        .violations())
                .isEmpty();
        assertThat(withWeights(new ScoringPolicy.Weights(0.1, 0.2, 0.3, 0.4 + 1e-8))
                        .violations())
                .hasSize(1);
    }

    @Test
    void negativeWeightIsNamed() {
        assertThat(withWeights(new ScoringPolicy.Weights(-0.1, 0.4, 0.4, 0.3)).violations())
                .contains("weights.value must be within [0, 1], was -0.1");
    }

    @Test
    void halfLivesMustBePositive() {
        ScoringPolicy p = new ScoringPolicy(
                CUSTOMER.weights(),
                new ScoringPolicy.HalfLives(0, -5, 180),
                CUSTOMER.windows(),
                CUSTOMER.bands(),
                CUSTOMER.normalisation(),
                CUSTOMER.risk(),
                CUSTOMER.lifecycle(),
                CUSTOMER.overdueGraceDays(),
                CUSTOMER.retentionDays());
        assertThat(p.violations())
                .containsExactly(
                        "halfLives.engagementDays must be > 0, was 0.0",
                        "halfLives.sentimentDays must be > 0, was -5.0");
    }

    @Test
    void bandThresholdsMustBeOrdered() {
        ScoringPolicy p = new ScoringPolicy(
                CUSTOMER.weights(),
                CUSTOMER.halfLives(),
                CUSTOMER.windows(),
                new ScoringPolicy.BandThresholds(40, 60),
                CUSTOMER.normalisation(),
                CUSTOMER.risk(),
                CUSTOMER.lifecycle(),
                CUSTOMER.overdueGraceDays(),
                CUSTOMER.retentionDays());
        assertThat(p.violations())
                .singleElement()
                .asString()
                .contains("bands.watch < bands.healthy")
                .contains("bands.watch=60.0, bands.healthy=40.0");
    }

    @Test
    void retentionMustCoverTheWindowsAndGraceMustNotBeNegative() {
        ScoringPolicy p = new ScoringPolicy(
                CUSTOMER.weights(),
                CUSTOMER.halfLives(),
                CUSTOMER.windows(),
                CUSTOMER.bands(),
                CUSTOMER.normalisation(),
                CUSTOMER.risk(),
                CUSTOMER.lifecycle(),
                -1,
                200);
        assertThat(p.violations())
                .containsExactly(
                        "overdueGraceDays must be >= 0, was -1",
                        "retentionDays must cover the longest window (365 days: windows.trailingRevenueDays, twice"
                                + " windows.orderTrendDays, windows.breadthDays, twice windows.recentDays), was 200");
    }

    @Test
    void validateThrowsWithEveryViolationPrefixedByTheConfigPath() {
        ScoringPolicy p = new ScoringPolicy(
                new ScoringPolicy.Weights(0.5, 0.5, 0.5, 0.5),
                new ScoringPolicy.HalfLives(30, 0, 180),
                CUSTOMER.windows(),
                CUSTOMER.bands(),
                CUSTOMER.normalisation(),
                new ScoringPolicy.RiskFactors(1.5, 0, 0, 0, 0, 0),
                CUSTOMER.lifecycle(),
                5,
                730);
        assertThatThrownBy(() -> p.validate("rapport.scoring.customer."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "rapport.scoring.customer.weights: value + engagement + sentiment + risk must sum to 1")
                .hasMessageContaining("rapport.scoring.customer.halfLives.sentimentDays must be > 0")
                .hasMessageContaining("rapport.scoring.customer.risk.overdueInvoices must be within [0, 1], was 1.5");
        assertThat(CUSTOMER.validate()).isSameAs(CUSTOMER);
    }

    static ScoringPolicy withWeights(ScoringPolicy.Weights w) {
        return new ScoringPolicy(
                w,
                CUSTOMER.halfLives(),
                CUSTOMER.windows(),
                CUSTOMER.bands(),
                CUSTOMER.normalisation(),
                CUSTOMER.risk(),
                CUSTOMER.lifecycle(),
                CUSTOMER.overdueGraceDays(),
                CUSTOMER.retentionDays());
    }
}
