package io.rapport.scoring.clv;

import io.rapport.scoring.domain.clv.BgNbdModel;
import io.rapport.scoring.domain.clv.GammaGammaModel;
import java.time.Instant;

/**
 * One fitted version of the lifetime-value models (time unit: days), with the data it was fitted on and
 * the population distributions RFM quintiles are scored against until the next refit.
 *
 * @param version increasing model version, e.g. 3 (published as {@code clv-v3})
 * @param fittedAt when the fit ran (the observation time of the summaries)
 * @param bgNbd transaction model, r α a b in days
 * @param bgNbdLogLikelihood its maximised log-likelihood
 * @param gammaGamma spend model p q γ
 * @param gammaGammaLogLikelihood its maximised log-likelihood
 * @param accounts accounts with at least one purchase the BG/NBD fit used
 * @param repeatBuyers accounts with a repeat purchase the Gamma-Gamma fit used
 * @param horizonDays horizon of expected transactions and predicted value
 * @param rfm sorted population values (subsampled to quantiles) for RFM quintiles
 */
public record ClvModel(
        long version,
        Instant fittedAt,
        BgNbdModel bgNbd,
        double bgNbdLogLikelihood,
        boolean bgNbdConverged,
        GammaGammaModel gammaGamma,
        double gammaGammaLogLikelihood,
        int accounts,
        int repeatBuyers,
        int horizonDays,
        RfmDistribution rfm) {

    /** The version label carried by published scores. */
    public String label() {
        return "clv-v" + version;
    }

    /**
     * Sorted population values of recency (negated days since the last purchase, so larger is more recent),
     * frequency (repeat purchases) and monetary (mean repeat value).
     */
    public record RfmDistribution(double[] recency, double[] frequency, double[] monetary) {
        /** Quintile 1..5 of {@code value} within sorted {@code population}, by mid-rank as in RfmScorer. */
        public static int quintile(double[] population, double value) {
            int n = population.length;
            if (n == 0) return 3;
            int less = lowerBound(population, value);
            int upTo = upperBound(population, value);
            double midRank = less + (upTo - less) / 2.0;
            int q = 1 + (int) Math.floor(5.0 * midRank / n);
            return Math.max(1, Math.min(5, q));
        }

        private static int lowerBound(double[] a, double v) {
            int lo = 0, hi = a.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (a[mid] < v) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        private static int upperBound(double[] a, double v) {
            int lo = 0, hi = a.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (a[mid] <= v) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }
    }
}
