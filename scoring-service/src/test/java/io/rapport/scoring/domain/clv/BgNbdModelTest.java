package io.rapport.scoring.domain.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BgNbdModelTest {

    private static final BgNbdModel CDNOW = new BgNbdModel(0.243, 4.414, 0.793, 2.426);

    @ParameterizedTest(name = "T = {0}")
    @MethodSource("ages")
    void customerWithoutRepeatPurchaseIsAlive(double age) {
        assertThat(CDNOW.probabilityAlive(0, 0, age)).isEqualTo(1.0);
    }

    static Stream<Double> ages() {
        return Stream.of(0.0, 1.0, 38.86, 1e6);
    }

    @Test
    void probabilityAliveFollowsEquationTwelve() {
        double expected = 1 / (1 + 0.793 / (2.426 + 2 - 1) * Math.pow((4.414 + 38.86) / (4.414 + 30.43), 0.243 + 2));
        assertThat(CDNOW.probabilityAlive(2, 30.43, 38.86)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void probabilityAliveFallsWithTimeSinceTheLastPurchase() {
        double recent = CDNOW.probabilityAlive(5, 30, 31);
        double lapsed = CDNOW.probabilityAlive(5, 10, 31);
        assertThat(recent).isGreaterThan(lapsed);
        // Buying at the observation time leaves only the chance of dropping out at that purchase.
        assertThat(CDNOW.probabilityAlive(5, 31, 31)).isCloseTo(1 / (1 + 0.793 / (2.426 + 4)), within(1e-12));
    }

    @Test
    void conditionalExpectationMatchesEquationTenWrittenWithTheUntransformedSeries() {
        // Eq. 10 exactly as printed, 2F1(r+x, b+x; a+b+x-1; z), against the Euler-transformed form the model uses.
        double r = 0.243, alpha = 4.414, a = 0.793, b = 2.426;
        int x = 2;
        double tx = 30.43, age = 38.86, t = 39;
        double z = t / (alpha + age + t);
        double f = Hypergeometric.hyp2f1(r + x, b + x, a + b + x - 1, z);
        double numerator = (a + b + x - 1) / (a - 1) * (1 - Math.pow((alpha + age) / (alpha + age + t), r + x) * f);
        double denominator = 1 + a / (b + x - 1) * Math.pow((alpha + age) / (alpha + tx), r + x);
        assertThat(CDNOW.conditionalExpectedTransactions(t, x, tx, age))
                .isCloseTo(numerator / denominator, withinPercentage(1e-9));
    }

    @Test
    void unconditionalExpectationMatchesEquationNine() {
        double r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, t = 39;
        double expected = (a + b - 1)
                / (a - 1)
                * (1 - Math.pow(alpha / (alpha + t), r) * Hypergeometric.hyp2f1(r, b, a + b - 1, t / (alpha + t)));
        assertThat(CDNOW.expectedTransactions(t)).isCloseTo(expected, withinPercentage(1e-9));
        assertThat(CDNOW.expectedTransactions(0)).isZero();
    }

    @Test
    void expectationGrowsWithTheHorizonAndStaysBelowTheNoDropoutBound() {
        double previous = 0;
        for (double t : new double[] {1, 10, 39, 100, 1000, 1e5}) {
            double e = CDNOW.conditionalExpectedTransactions(t, 2, 30.43, 38.86);
            assertThat(e).isGreaterThan(previous);
            // Without dropout the posterior mean rate would be (r+x)/(α+T).
            assertThat(e).isLessThan((0.243 + 2) / (4.414 + 38.86) * t);
            previous = e;
        }
    }

    @ParameterizedTest(name = "a = {0}")
    @MethodSource("aAroundOne")
    void expectationIsContinuousThroughAEqualsOne(double a) {
        BgNbdModel atOne = new BgNbdModel(0.5, 5, a, 2);
        BgNbdModel near = new BgNbdModel(0.5, 5, 1.0002, 2);
        double e = atOne.conditionalExpectedTransactions(52, 3, 20, 40);
        assertThat(e).isFinite().isCloseTo(near.conditionalExpectedTransactions(52, 3, 20, 40), withinPercentage(0.05));
    }

    static Stream<Double> aAroundOne() {
        return Stream.of(1.0, 1 + 1e-9, 1 - 1e-8, 0.9999);
    }

    @Test
    void expectationIsContinuousThroughAPlusBEqualsOneForNewCustomers() {
        // x = 0 and a + b = 1 puts 2F1's c at 0; the product with the prefactor has a finite limit.
        double e = new BgNbdModel(0.5, 5, 0.4, 0.6).expectedTransactions(52);
        double near = new BgNbdModel(0.5, 5, 0.4, 0.601).expectedTransactions(52);
        assertThat(e).isFinite().isPositive().isCloseTo(near, withinPercentage(0.5));
    }

    static Stream<Arguments> edgeCases() {
        List<Arguments> cases = new ArrayList<>();
        BgNbdModel[] models = {
            CDNOW,
            new BgNbdModel(1e-6, 1e-6, 1e-6, 1e-6),
            new BgNbdModel(1e6, 1e6, 1e6, 1e6),
            new BgNbdModel(1e-6, 1e6, 1e6, 1e-6),
            new BgNbdModel(1e6, 1e-6, 1e-6, 1e6),
            new BgNbdModel(0.243, 4.414, 1.0, 2.426),
            new BgNbdModel(3e-7, 3.3e6, 0.5, 0.5)
        };
        RepeatPurchaseSummary[] customers = {
            new RepeatPurchaseSummary(0, 0, 0, 0),
            new RepeatPurchaseSummary(0, 0, 38.86, 0),
            new RepeatPurchaseSummary(1, 38.86, 38.86, 10),
            new RepeatPurchaseSummary(1, 0, 0, 10),
            new RepeatPurchaseSummary(2, 30.43, 38.86, 22.35),
            new RepeatPurchaseSummary(1_000_000, 500, 520, 5),
            new RepeatPurchaseSummary(50, 1, 1000, 5)
        };
        for (BgNbdModel m : models) {
            for (RepeatPurchaseSummary c : customers) {
                for (double t : new double[] {0, 1, 39, 5200}) {
                    cases.add(Arguments.of(m, c, t));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} t={2}")
    @MethodSource("edgeCases")
    void outputsAreFiniteAtTheEdges(BgNbdModel model, RepeatPurchaseSummary c, double t) {
        assertThat(model.probabilityAlive(c)).isBetween(0.0, 1.0);
        assertThat(model.conditionalExpectedTransactions(t, c)).isFinite().isGreaterThanOrEqualTo(0.0);
        // A density in tx and T, so it may be positive; it must be a number.
        assertThat(model.logLikelihood(c)).isFinite();
    }

    @Test
    void rejectsInvalidParametersAndHorizons() {
        assertThatThrownBy(() -> new BgNbdModel(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BgNbdModel(1, Double.NaN, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CDNOW.conditionalExpectedTransactions(-1, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CDNOW.conditionalExpectedTransactions(Double.POSITIVE_INFINITY, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
