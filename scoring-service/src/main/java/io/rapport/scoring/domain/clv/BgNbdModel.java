package io.rapport.scoring.domain.clv;

import java.util.Collection;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD transaction model (Fader, Hardie &amp; Lee 2005, "Counting your customers the easy
 * way"): while alive a customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase they
 * drop out with probability p ~ Beta(a, b).
 *
 * <p>Times are in the unit the summaries were built in.
 */
public record BgNbdModel(double r, double alpha, double a, double b) {

    /** Below this distance from a removable singularity (a = 1, or a + b + x - 1 = 0) the limit is taken. */
    private static final double SINGULAR = 1e-7;

    private static final double LIMIT_STEP = 1e-5;

    public BgNbdModel {
        requirePositive("r", r);
        requirePositive("alpha", alpha);
        requirePositive("a", a);
        requirePositive("b", b);
    }

    private static void requirePositive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be positive and finite, was " + v);
        }
    }

    /** The log-likelihood of one customer's (x, tx, T) (eq. 6 of the paper, in log-sum-exp form). */
    public double logLikelihood(int x, double tx, double T) {
        return logLikelihood(x, tx, T, Beta.logBeta(a, b));
    }

    /** The log-likelihood of one summary. */
    public double logLikelihood(RepeatPurchaseSummary s) {
        return logLikelihood(s.x(), s.tx(), s.T());
    }

    double logLikelihood(int x, double tx, double T, double logBetaAB) {
        double common = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha);
        double stillAlive = Beta.logBeta(a, b + x) - logBetaAB - (r + x) * Math.log(alpha + T);
        if (x == 0) {
            return common + stillAlive;
        }
        double droppedOut = Beta.logBeta(a + 1, b + x - 1) - logBetaAB - (r + x) * Math.log(alpha + tx);
        return common + logSumExp(stillAlive, droppedOut);
    }

    /** The total log-likelihood of a customer base. */
    public double logLikelihood(Collection<RepeatPurchaseSummary> summaries) {
        double logBetaAB = Beta.logBeta(a, b);
        double sum = 0.0;
        for (RepeatPurchaseSummary s : summaries) {
            sum += logLikelihood(s.x(), s.tx(), s.T(), logBetaAB);
        }
        return sum;
    }

    /** P(alive | x, tx, T) (eq. 12 of the paper); 1 for a customer with no repeat purchase. */
    public double probabilityAlive(int x, double tx, double T) {
        if (x == 0) {
            return 1.0;
        }
        return 1.0 / (1.0 + Math.exp(logOddsDead(x, tx, T)));
    }

    /** P(alive) for one summary. */
    public double probabilityAlive(RepeatPurchaseSummary s) {
        return probabilityAlive(s.x(), s.tx(), s.T());
    }

    /** log of a/(b+x-1) · ((α+T)/(α+tx))^(r+x), the odds of having dropped out; x &gt; 0. */
    private double logOddsDead(int x, double tx, double T) {
        return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
    }

    /**
     * The expected number of transactions in the next t periods of a customer with history (x, tx, T)
     * (eq. 10 of the paper). Always finite and &gt;= 0: where the hypergeometric function cannot be
     * evaluated (degenerate parameters only) the no-further-dropout bound P(alive)·(r+x)/(α+T)·t is
     * returned instead.
     */
    public double conditionalExpectedTransactions(double t, int x, double tx, double T) {
        requireHorizon(t);
        if (t == 0) {
            return 0.0;
        }
        double alive = probabilityAlive(x, tx, T);
        double value;
        try {
            if (Math.abs(a - 1) < SINGULAR) {
                value = 0.5
                        * (expectedIfAlive(t, x, T, 1 + LIMIT_STEP, b) + expectedIfAlive(t, x, T, 1 - LIMIT_STEP, b));
            } else if (Math.abs(a + b + x - 1) < SINGULAR) {
                value = 0.5
                        * (expectedIfAlive(t, x, T, a, b + LIMIT_STEP) + expectedIfAlive(t, x, T, a, b - LIMIT_STEP));
            } else {
                value = expectedIfAlive(t, x, T, a, b);
            }
        } catch (ArithmeticException e) {
            value = Double.NaN;
        }
        if (!Double.isFinite(value)) {
            // Only for degenerate parameters: no dropout after today at the posterior mean rate
            // (r+x)/(α+T), an upper bound, rather than no answer.
            value = (r + x) / (alpha + T) * t;
        }
        double expected = value * alive;
        return Double.isFinite(expected) ? Math.max(0.0, expected) : Double.MAX_VALUE;
    }

    /** Conditional expected transactions for one summary. */
    public double conditionalExpectedTransactions(double t, RepeatPurchaseSummary s) {
        return conditionalExpectedTransactions(t, s.x(), s.tx(), s.T());
    }

    /** E[X(t)], the expected number of transactions of a new customer in their first t periods (eq. 9). */
    public double expectedTransactions(double t) {
        // Eq. 9 is eq. 10's numerator at x = 0, T = 0, where P(alive) = 1.
        return conditionalExpectedTransactions(t, 0, 0.0, 0.0);
    }

    /**
     * (a+b+x-1)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x-1; z)], z = t/(α+T+t).
     *
     * <p>By Euler's transformation (1-z)^(r+x) 2F1(r+x, b+x; c; z) = (1-z)^(a-1) 2F1(a+b-1-r, a-1; c;
     * z): the parameters of the series no longer grow with x, so it neither overflows for heavy
     * buyers nor needs many terms.
     */
    private double expectedIfAlive(double t, int x, double T, double aa, double bb) {
        double c = aa + bb + x - 1;
        double z = t / (alpha + T + t);
        double logOneMinusZ = Math.log(alpha + T) - Math.log(alpha + T + t);
        double bracket;
        double f = Hypergeometric.hyp2f1(aa + bb - 1 - r, aa - 1, c, z);
        if (Double.isFinite(f)) {
            // 1 - (1-z)^(a-1) f = (1 - (1-z)^(a-1)) - (1-z)^(a-1) (f - 1): keeps precision for small z.
            double power = (aa - 1) * logOneMinusZ;
            bracket = -Math.expm1(power) - Math.exp(power) * (f - 1);
        } else {
            // Extreme parameters: 2F1 alone overflows, its product with (1-z)^(a-1) does not.
            bracket = 1 - Hypergeometric.hyp2f1Scaled(aa + bb - 1 - r, aa - 1, c, z, (aa - 1) * logOneMinusZ);
        }
        return c / (aa - 1) * bracket;
    }

    private static void requireHorizon(double t) {
        if (!(t >= 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException("horizon must be finite and >= 0, was " + t);
        }
    }

    static double logSumExp(double u, double v) {
        double max = Math.max(u, v);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + Math.log(Math.exp(u - max) + Math.exp(v - max));
    }
}
