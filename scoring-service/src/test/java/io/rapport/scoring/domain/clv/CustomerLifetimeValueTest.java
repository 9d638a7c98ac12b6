package io.rapport.scoring.domain.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CustomerLifetimeValueTest {

    private static final BgNbdModel TRANSACTIONS = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
    private static final GammaGammaModel SPEND = new GammaGammaModel(6.25, 3.74, 15.44);
    private static final RepeatPurchaseSummary CUSTOMER_ONE = new RepeatPurchaseSummary(2, 30.43, 38.86, 22.35);

    @Test
    void undiscountedValueIsExpectedTransactionsTimesExpectedSpend() {
        CustomerValue value =
                new CustomerLifetimeValue(TRANSACTIONS, SPEND, ClvTimeUnit.WEEKS).predict(CUSTOMER_ONE, 39);

        assertThat(value.probabilityAlive()).isEqualTo(TRANSACTIONS.probabilityAlive(CUSTOMER_ONE));
        assertThat(value.expectedTransactions()).isCloseTo(1.226, within(0.001));
        assertThat(value.expectedAverageValue()).isEqualTo(SPEND.conditionalExpectedAverageValue(2, 22.35));
        assertThat(value.predictedValue())
                .isCloseTo(value.expectedTransactions() * value.expectedAverageValue(), within(1e-9));
    }

    @Test
    void discountingLowersTheValueAndVanishingRateRecoversTheUndiscountedOne() {
        double undiscounted = new CustomerLifetimeValue(TRANSACTIONS, SPEND, ClvTimeUnit.WEEKS)
                .predict(CUSTOMER_ONE, 52)
                .predictedValue();
        double discounted = new CustomerLifetimeValue(TRANSACTIONS, SPEND, ClvTimeUnit.WEEKS, 0.01)
                .predict(CUSTOMER_ONE, 52)
                .predictedValue();
        double barely = new CustomerLifetimeValue(TRANSACTIONS, SPEND, ClvTimeUnit.WEEKS, 1e-9)
                .predict(CUSTOMER_ONE, 52)
                .predictedValue();

        assertThat(discounted).isLessThan(undiscounted).isGreaterThan(undiscounted / Math.pow(1.01, 12));
        assertThat(barely).isCloseTo(undiscounted, within(1e-6));
    }

    @Test
    void newCustomerIsAliveAndValuedAtThePopulationSpend() {
        CustomerValue value = new CustomerLifetimeValue(TRANSACTIONS, SPEND, ClvTimeUnit.WEEKS)
                .predict(new RepeatPurchaseSummary(0, 0, 0, 0), 39);

        assertThat(value.probabilityAlive()).isEqualTo(1.0);
        assertThat(value.expectedTransactions()).isCloseTo(TRANSACTIONS.expectedTransactions(39), within(1e-12));
        assertThat(value.expectedAverageValue()).isCloseTo(SPEND.populationMeanValue(), within(1e-12));
    }

    @Test
    void spendWithoutAPopulationMeanIsZeroForCustomersWithoutHistory() {
        // q <= 1: the population mean transaction value does not exist.
        CustomerValue value = new CustomerLifetimeValue(
                        TRANSACTIONS, new GammaGammaModel(2, 0.5, 10), ClvTimeUnit.WEEKS)
                .predict(new RepeatPurchaseSummary(0, 0, 10, 0), 39);
        assertThat(value.expectedAverageValue()).isZero();
        assertThat(value.predictedValue()).isZero();
    }

    static Stream<Arguments> edgeCases() {
        BgNbdModel[] transactionModels = {
            TRANSACTIONS,
            new BgNbdModel(1e-6, 1e-6, 1e-6, 1e-6),
            new BgNbdModel(3.2e6, 3.2e6, 3.2e6, 3.2e6),
            new BgNbdModel(0.243, 4.414, 1.0, 2.426),
            new BgNbdModel(0.5, 5, 0.4, 0.6)
        };
        GammaGammaModel[] spendModels = {
            SPEND, new GammaGammaModel(1e-6, 1e-6, 1e-6), new GammaGammaModel(3.2e6, 3.2e6, 3.2e6)
        };
        RepeatPurchaseSummary[] customers = {
            new RepeatPurchaseSummary(0, 0, 0, 0),
            new RepeatPurchaseSummary(0, 0, 100, 0),
            new RepeatPurchaseSummary(3, 20, 20, 15),
            new RepeatPurchaseSummary(1, 0, 0, 1e9),
            new RepeatPurchaseSummary(1_000_000, 519, 520, 0.01)
        };
        List<Arguments> cases = new ArrayList<>();
        for (BgNbdModel m : transactionModels) {
            for (GammaGammaModel g : spendModels) {
                for (RepeatPurchaseSummary c : customers) {
                    for (double rate : new double[] {0.0, 0.05}) {
                        cases.add(Arguments.of(m, g, c, rate));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} rate={3}")
    @MethodSource("edgeCases")
    void neverReturnsNaNOrInfinity(BgNbdModel m, GammaGammaModel g, RepeatPurchaseSummary c, double rate) {
        CustomerValue value = new CustomerLifetimeValue(m, g, ClvTimeUnit.WEEKS, rate).predict(c, 104);

        assertThat(value.probabilityAlive()).isBetween(0.0, 1.0);
        assertThat(value.expectedTransactions()).isFinite().isGreaterThanOrEqualTo(0.0);
        assertThat(value.expectedAverageValue()).isFinite().isGreaterThanOrEqualTo(0.0);
        assertThat(value.predictedValue()).isFinite().isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void rejectsNegativeOrInfiniteRatesAndHorizons() {
        assertThatThrownBy(() -> new CustomerLifetimeValue(TRANSACTIONS, SPEND, ClvTimeUnit.DAYS, -0.01))
                .isInstanceOf(IllegalArgumentException.class);
        CustomerLifetimeValue clv = new CustomerLifetimeValue(TRANSACTIONS, SPEND, ClvTimeUnit.DAYS);
        assertThatThrownBy(() -> clv.predict(CUSTOMER_ONE, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clv.predict(CUSTOMER_ONE, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
