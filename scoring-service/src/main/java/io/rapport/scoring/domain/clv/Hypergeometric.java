package io.rapport.scoring.domain.clv;

import org.apache.commons.math3.special.Gamma;

/** The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments and z &lt;= 1. */
public final class Hypergeometric {

    private static final double EPS = 1e-16;
    private static final int MAX_TERMS = 5_000_000;
    private static final int QUICK_TERMS = 20_000;
    /** Above this z the power series may be slow; the 1 - z connection formula is tried then. */
    private static final double NEAR_ONE = 0.9;
    /** Offset used to take the limit when c - a - b is (nearly) an integer near z = 1. */
    private static final double LIMIT_STEP = 1e-4;

    private Hypergeometric() {}

    /**
     * Returns 2F1(a, b; c; z) for z &lt;= 1.
     *
     * @throws IllegalArgumentException if z &gt; 1, or z = 1 with c - a - b &lt;= 0 (divergent)
     * @throws ArithmeticException if c is a non-positive integer (pole) or no evaluation converges
     */
    public static double hyp2f1(double a, double b, double c, double z) {
        if (Double.isNaN(a) || Double.isNaN(b) || Double.isNaN(c) || Double.isNaN(z)) {
            throw new IllegalArgumentException("NaN argument");
        }
        if (z > 1) {
            throw new IllegalArgumentException("2F1 is evaluated only for z <= 1, was " + z);
        }
        if (z == 0 || a == 0 || b == 0) {
            return 1.0;
        }
        if (isNonPositiveInteger(c) && !terminatesBefore(a, b, c)) {
            throw new ArithmeticException("2F1 has a pole at c = " + c);
        }
        if (z == 1) {
            if (c - a - b <= 0) {
                throw new IllegalArgumentException("2F1(a,b;c;1) diverges for c - a - b <= 0");
            }
            // Gauss's summation theorem.
            return gammaRatio(new double[] {c, c - a - b}, new double[] {c - a, c - b});
        }
        if (z < -0.5) {
            // Pfaff: maps z in (-inf, -0.5) to z / (z - 1) in (1/3, 1).
            return Math.pow(1 - z, -a) * hyp2f1(a, c - b, c, z / (z - 1));
        }
        if (isNonPositiveInteger(a) || isNonPositiveInteger(b) || z <= NEAR_ONE) {
            return series(a, b, c, z, MAX_TERMS, true);
        }
        // Near z = 1 the series is fine when c is large against a·b (it then converges in a few
        // terms) and the connection formula is not (its second series starts with huge terms), so
        // try a short series first.
        double quick = series(a, b, c, z, QUICK_TERMS, false);
        if (!Double.isNaN(quick)) {
            return quick;
        }
        double m = c - a - b;
        if (Math.abs(m - Math.rint(m)) > 1e-3) {
            try {
                double viaConnection = connection(a, b, c, z);
                if (Double.isFinite(viaConnection)) {
                    return viaConnection;
                }
            } catch (ArithmeticException e) {
                // fall through to the long series
            }
        }
        // The terms shrink at least like z^n, so ~37/(-ln z) terms reach 1e-16; skip a hopeless sum.
        if (-37.0 / Math.log(z) < MAX_TERMS) {
            double slow = series(a, b, c, z, MAX_TERMS, false);
            if (!Double.isNaN(slow)) {
                return slow;
            }
        }
        // c - a - b is (nearly) an integer: the connection formula has cancelling poles, take the
        // symmetric limit in c (error O(LIMIT_STEP^2)).
        return 0.5 * (connection(a, b, c + LIMIT_STEP, z) + connection(a, b, c - LIMIT_STEP, z));
    }

    /**
     * Returns e^logScale · 2F1(a, b; c; z), for products whose factors would overflow on their own
     * (e.g. 2F1 of large parameters times a tiny power of 1 - z).
     */
    public static double hyp2f1Scaled(double a, double b, double c, double z, double logScale) {
        if (z >= -0.5 && z <= NEAR_ONE && !(isNonPositiveInteger(c) && !terminatesBefore(a, b, c))) {
            return seriesScaled(a, b, c, z, MAX_TERMS, true, logScale);
        }
        return Math.exp(logScale) * hyp2f1(a, b, c, z);
    }

    /**
     * Sums the power series until the terms are decreasing and negligible; returns NaN (or throws,
     * if {@code mustConverge}) when that does not happen within the term budget.
     */
    static double series(double a, double b, double c, double z, int maxTerms, boolean mustConverge) {
        return seriesScaled(a, b, c, z, maxTerms, mustConverge, 0.0);
    }

    private static final double RESCALE = 1e250;
    private static final double LOG_RESCALE = Math.log(RESCALE);

    private static double seriesScaled(
            double a, double b, double c, double z, int maxTerms, boolean mustConverge, double logScale) {
        double sum = 1.0;
        double term = 1.0;
        double logOffset = logScale;
        int quiet = 0;
        for (int n = 0; n < maxTerms; n++) {
            double ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            term *= ratio;
            sum += term;
            if (term == 0.0) {
                return scaled(sum, logOffset); // terminating polynomial (a or b a non-positive integer)
            }
            if (Math.abs(sum) > RESCALE || Math.abs(term) > RESCALE) {
                // Keep the partial sum representable; the scale is restored at the end.
                sum /= RESCALE;
                term /= RESCALE;
                logOffset += LOG_RESCALE;
            }
            if (Math.abs(ratio) < 1 && Math.abs(term) <= EPS * Math.abs(sum)) {
                if (++quiet >= 3) {
                    return scaled(sum, logOffset);
                }
            } else {
                quiet = 0;
            }
            if (!Double.isFinite(sum)) {
                break;
            }
        }
        if (mustConverge) {
            throw new ArithmeticException(
                    "2F1 series did not converge for a=" + a + ", b=" + b + ", c=" + c + ", z=" + z);
        }
        return Double.NaN;
    }

    private static double scaled(double sum, double logOffset) {
        if (logOffset == 0.0) {
            return sum;
        }
        return Math.signum(sum) * Math.exp(Math.log(Math.abs(sum)) + logOffset);
    }

    /** Abramowitz &amp; Stegun 15.3.6, valid when c - a - b is not an integer. */
    static double connection(double a, double b, double c, double z) {
        double w = 1 - z;
        double m = c - a - b;
        double first = gammaRatio(new double[] {c, m}, new double[] {c - a, c - b});
        double second = gammaRatio(new double[] {c, -m}, new double[] {a, b});
        double result = 0.0;
        if (first != 0.0) {
            result += first * series(a, b, 1 - m, w, MAX_TERMS, true);
        }
        if (second != 0.0) {
            result += second * Math.pow(w, m) * series(c - a, c - b, 1 + m, w, MAX_TERMS, true);
        }
        return result;
    }

    /** Γ(n1)Γ(n2).../(Γ(d1)Γ(d2)...), in log space; a pole in the denominator gives 0. */
    static double gammaRatio(double[] numerator, double[] denominator) {
        double log = 0.0;
        int sign = 1;
        for (double d : denominator) {
            if (isNonPositiveInteger(d)) {
                return 0.0;
            }
            log -= logAbsGamma(d);
            sign *= signGamma(d);
        }
        for (double n : numerator) {
            if (isNonPositiveInteger(n)) {
                throw new ArithmeticException("Gamma pole at " + n);
            }
            log += logAbsGamma(n);
            sign *= signGamma(n);
        }
        return sign * Math.exp(log);
    }

    /** log|Γ(x)| for any real x that is not a non-positive integer. */
    static double logAbsGamma(double x) {
        if (x > 0) {
            return Gamma.logGamma(x);
        }
        // Reflection: Γ(x) Γ(1 - x) = π / sin(πx).
        return Math.log(Math.PI) - Math.log(Math.abs(Math.sin(Math.PI * x))) - Gamma.logGamma(1 - x);
    }

    /** The sign of Γ(x): positive for x &gt; 0, alternating between the poles below 0. */
    static int signGamma(double x) {
        if (x > 0) {
            return 1;
        }
        return ((long) Math.floor(x)) % 2 == 0 ? 1 : -1;
    }

    private static boolean isNonPositiveInteger(double v) {
        return v <= 0 && v == Math.rint(v);
    }

    /** True when a or b is a non-positive integer whose polynomial ends before the pole at c. */
    private static boolean terminatesBefore(double a, double b, double c) {
        return (isNonPositiveInteger(a) && a > c) || (isNonPositiveInteger(b) && b > c);
    }
}
