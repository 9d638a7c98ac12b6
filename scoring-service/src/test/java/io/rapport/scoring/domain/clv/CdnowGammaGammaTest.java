package io.rapport.scoring.domain.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reproduces the published Gamma-Gamma estimates on CDNOW's 946 repeat buyers (Fader &amp; Hardie 2013). */
class CdnowGammaGammaTest {

    /**
     * On the summary file p and q round to the published 6.25 and 3.74, γ to 15.45 (15.4477): the file's
     * zbar is rounded to cents, which moves the optimum along the likelihood's flat ridge; the fitted
     * point is the true maximum for that file (its log-likelihood -4055.9232 beats -4055.9247 at the
     * published values). Hence γ within 0.01 here, and to 2 decimals on the exact spends below.
     */
    @Test
    void fitOnThePublishedSummaryReproducesThePublishedParameters() {
        List<RepeatPurchaseSummary> customers =
                CdnowData.summaries().stream().map(CdnowData.Row::summary).toList();

        FittedGammaGamma fit = new GammaGammaFitter().fit(customers);

        assertThat(fit.customers()).isEqualTo(946);
        assertThat(fit.converged()).isTrue();
        assertThat(fit.model().p()).isCloseTo(6.25, within(0.005));
        assertThat(fit.model().q()).isCloseTo(3.74, within(0.005));
        assertThat(fit.model().gamma()).isCloseTo(15.44, within(0.01));
        assertThat(fit.logLikelihood())
                .isGreaterThanOrEqualTo(new GammaGammaModel(6.25, 3.74, 15.44).logLikelihood(customers));
    }

    @Test
    void fitOnExactSpendsReproducesThePublishedParametersToTwoDecimals() {
        List<RepeatPurchaseSummary> customers = new ArrayList<>();
        CdnowData.rawPurchases()
                .forEach((id, purchases) -> customers.add(
                        RepeatPurchaseSummary.fromPurchases(purchases, LocalDate.of(1997, 9, 30), ClvTimeUnit.WEEKS)));

        FittedGammaGamma fit = new GammaGammaFitter().fit(customers);

        assertThat(fit.customers()).isEqualTo(946);
        assertThat(fit.model().p()).isCloseTo(6.25, within(0.005));
        assertThat(fit.model().q()).isCloseTo(3.74, within(0.005));
        assertThat(fit.model().gamma()).isCloseTo(15.44, within(0.005));
    }

    @Test
    void conditionalSpendShrinksTheCustomerMeanTowardsThePopulationMean() {
        GammaGammaModel model = new GammaGammaModel(6.25, 3.74, 15.44);
        double population = model.populationMeanValue();

        double customerOne = model.conditionalExpectedAverageValue(2, 22.35);

        assertThat(population).isCloseTo(6.25 * 15.44 / 2.74, within(1e-9));
        assertThat(customerOne).isCloseTo(6.25 * (15.44 + 2 * 22.35) / (12.5 + 2.74), within(1e-9));
        assertThat(customerOne).isBetween(22.35, population);
        assertThat(model.conditionalExpectedAverageValue(0, 0)).isEqualTo(population);
    }
}
