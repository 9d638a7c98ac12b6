package io.rapport.scoring.domain.clv;

import java.util.Collection;
import org.apache.commons.math3.special.Gamma;

/**
 * The Gamma-Gamma spend model (Fader &amp; Hardie 2013, "The Gamma-Gamma model of monetary
 * value"): a customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers,
 * independent of the transaction process.
 */
public record GammaGammaModel(double p, double q, double gamma) {

    public GammaGammaModel {
        requirePositive("p", p);
        requirePositive("q", q);
        requirePositive("gamma", gamma);
    }

    private static void requirePositive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be positive and finite, was " + v);
        }
    }

    /**
     * The log-likelihood of a customer's mean spend {@code zbar} over {@code x} &gt; 0 transactions
     * (the density of the mean, so that it is comparable across x).
     */
    public double logLikelihood(int x, double zbar) {
        if (x <= 0 || !(zbar > 0)) {
            throw new IllegalArgumentException("needs x > 0 and zbar > 0, was x=" + x + ", zbar=" + zbar);
        }
        double px = p * x;
        return Gamma.logGamma(px + q)
                - Gamma.logGamma(px)
                - Gamma.logGamma(q)
                + q * Math.log(gamma)
                + (px - 1) * Math.log(zbar)
                + px * Math.log(x)
                - (px + q) * Math.log(gamma + x * zbar);
    }

    /** The total log-likelihood over the summaries the model applies to (x &gt; 0, positive spend). */
    public double logLikelihood(Collection<RepeatPurchaseSummary> summaries) {
        double sum = 0.0;
        for (RepeatPurchaseSummary s : summaries) {
            if (appliesTo(s)) {
                sum += logLikelihood(s.x(), s.meanRepeatValue());
            }
        }
        return sum;
    }

    /** Whether a customer contributes to the spend likelihood: at least one repeat purchase, positive mean. */
    public static boolean appliesTo(RepeatPurchaseSummary s) {
        return s.x() > 0 && s.meanRepeatValue() > 0;
    }

    /** Whether the population mean spend pγ/(q-1) exists (q &gt; 1). */
    public boolean hasPopulationMean() {
        return q > 1;
    }

    /** The population mean transaction value pγ/(q-1), or 0 if it does not exist (q ≤ 1). */
    public double populationMeanValue() {
        return hasPopulationMean() ? p * gamma / (q - 1) : 0.0;
    }

    /**
     * E[Z | x, zbar] = p(γ + x·zbar)/(px + q - 1), a weighted mean of the population mean and the
     * customer's own mean. For x = 0 (or no usable spend) it is the population mean, 0 if that does
     * not exist; 0 likewise if px + q ≤ 1, where the posterior mean is infinite.
     */
    public double conditionalExpectedAverageValue(int x, double zbar) {
        if (x <= 0 || !(zbar > 0)) {
            return populationMeanValue();
        }
        double denominator = p * x + q - 1;
        if (!(denominator > 0)) {
            return 0.0;
        }
        double value = p * (gamma + x * zbar) / denominator;
        return Double.isFinite(value) ? value : 0.0;
    }

    /** Conditional expected average value for one summary. */
    public double conditionalExpectedAverageValue(RepeatPurchaseSummary s) {
        return conditionalExpectedAverageValue(s.x(), s.meanRepeatValue());
    }
}
