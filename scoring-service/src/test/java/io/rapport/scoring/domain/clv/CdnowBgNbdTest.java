package io.rapport.scoring.domain.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reproduces the published BG/NBD estimates on the CDNOW cohort (Fader, Hardie &amp; Lee 2005). */
class CdnowBgNbdTest {

    private static final BgNbdModel PUBLISHED = new BgNbdModel(0.243, 4.414, 0.793, 2.426);

    private static List<RepeatPurchaseSummary> customers;
    private static FittedBgNbd fit;

    @BeforeAll
    static void fit() {
        customers = CdnowData.summaries().stream().map(CdnowData.Row::summary).toList();
        fit = new BgNbdFitter().fit(customers);
    }

    @Test
    void fitReachesThePublishedLogLikelihood() {
        assertThat(fit.customers()).isEqualTo(2357);
        assertThat(fit.converged()).isTrue();
        assertThat(fit.logLikelihood()).isCloseTo(-9582.4, within(0.1));
        assertThat(fit.model().logLikelihood(customers)).isCloseTo(fit.logLikelihood(), within(1e-6));
    }

    @Test
    void fitReproducesThePublishedParameters() {
        assertThat(fit.model().r()).isCloseTo(0.243, within(0.0005));
        assertThat(fit.model().alpha()).isCloseTo(4.414, within(0.0005));
        assertThat(fit.model().a()).isCloseTo(0.793, within(0.0005));
        assertThat(fit.model().b()).isCloseTo(2.426, within(0.0005));
    }

    @Test
    void publishedParametersGiveThePublishedLogLikelihood() {
        assertThat(PUBLISHED.logLikelihood(customers)).isCloseTo(-9582.4, within(0.1));
    }

    @Test
    void customerOneExpectsThePublishedTransactionsInTheHoldout() {
        assertThat(PUBLISHED.conditionalExpectedTransactions(39, 2, 30.43, 38.86))
                .isCloseTo(1.226, within(0.001));
    }
}
