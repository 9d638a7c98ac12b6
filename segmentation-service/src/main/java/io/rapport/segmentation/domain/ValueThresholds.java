package io.rapport.segmentation.domain;

/**
 * Predicted-value cut-offs of the value tiers, computed periodically over the account base: the top 5%
 * are {@code strategic}, the next 15% {@code key}, the next 50% {@code core}, the rest {@code tail}.
 * With no base yet ({@link #NONE}) every account with a predicted value is {@code core}.
 */
public record ValueThresholds(double strategic, double key, double core, long basedOn) {
    /** No percentiles yet. */
    public static final ValueThresholds NONE =
            new ValueThresholds(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0);

    /** Quantiles of the tiers: the value at or above which an account falls in the tier. */
    public static final double STRATEGIC_QUANTILE = 0.95;

    public static final double KEY_QUANTILE = 0.80;
    public static final double CORE_QUANTILE = 0.30;

    /** The tier of a predicted value; {@code ""} when the account has no CLV figures. */
    public String tierOf(Double predictedValue) {
        if (predictedValue == null) {
            return "";
        }
        if (predictedValue >= strategic) {
            return "strategic";
        }
        if (predictedValue >= key) {
            return "key";
        }
        if (predictedValue >= core) {
            return "core";
        }
        return "tail";
    }

    /** Thresholds from the values of the whole base, sorted ascending in place. */
    public static ValueThresholds fromSorted(double[] ascending) {
        if (ascending.length == 0) {
            return NONE;
        }
        return new ValueThresholds(
                quantile(ascending, STRATEGIC_QUANTILE),
                quantile(ascending, KEY_QUANTILE),
                quantile(ascending, CORE_QUANTILE),
                ascending.length);
    }

    // Nearest-rank: the smallest value with at least q of the base at or below it.
    static double quantile(double[] ascending, double q) {
        int rank = (int) Math.ceil(q * ascending.length);
        int index = Math.min(Math.max(rank, 1), ascending.length) - 1;
        return ascending[index];
    }
}
