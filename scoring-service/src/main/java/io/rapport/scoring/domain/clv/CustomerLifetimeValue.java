package io.rapport.scoring.domain.clv;

import java.util.Objects;

/**
 * Combines a BG/NBD transaction model and a Gamma-Gamma spend model into a per-customer predicted
 * value over a horizon.
 *
 * <p>Discounting: the default monthly rate is 0, so the predicted value is the expected revenue
 * within the horizon, which is what the score's value component and analysts compare across
 * accounts; a cost of capital is a business choice, not a property of the fitted models. With a
 * positive rate d, the expected transactions of each month k (the increase of E[Y(t)] over that
 * month) are discounted by (1 + d)^k, the last, partial month by its fractional exponent.
 *
 * <p>Spend and transactions are assumed independent (the Gamma-Gamma model's premise). Every output
 * is finite and non-negative: a probability outside [0, 1] or a non-finite expectation (only
 * possible for degenerate parameters) is replaced by its bound or by 0.
 */
public final class CustomerLifetimeValue {

    private final BgNbdModel transactions;
    private final GammaGammaModel spend;
    private final ClvTimeUnit unit;
    private final double monthlyDiscountRate;

    /** Undiscounted lifetime value. */
    public CustomerLifetimeValue(BgNbdModel transactions, GammaGammaModel spend, ClvTimeUnit unit) {
        this(transactions, spend, unit, 0.0);
    }

    /** Lifetime value discounted at {@code monthlyDiscountRate} (e.g. 0.01 for 1 % a month). */
    public CustomerLifetimeValue(
            BgNbdModel transactions, GammaGammaModel spend, ClvTimeUnit unit, double monthlyDiscountRate) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.spend = Objects.requireNonNull(spend, "spend");
        this.unit = Objects.requireNonNull(unit, "unit");
        if (!(monthlyDiscountRate >= 0) || !Double.isFinite(monthlyDiscountRate)) {
            throw new IllegalArgumentException(
                    "monthly discount rate must be finite and >= 0, was " + monthlyDiscountRate);
        }
        this.monthlyDiscountRate = monthlyDiscountRate;
    }

    /** Predicts one customer's value over the next {@code horizon} periods of the model's time unit. */
    public CustomerValue predict(RepeatPurchaseSummary customer, double horizon) {
        Objects.requireNonNull(customer, "customer");
        if (!(horizon >= 0) || !Double.isFinite(horizon)) {
            throw new IllegalArgumentException("horizon must be finite and >= 0, was " + horizon);
        }
        double alive = clamp(transactions.probabilityAlive(customer), 0.0, 1.0);
        double expected = expectedTransactions(customer, horizon);
        double averageValue = finiteNonNegative(spend.conditionalExpectedAverageValue(customer));
        double value = monthlyDiscountRate == 0.0
                ? expected * averageValue
                : discountedTransactions(customer, horizon) * averageValue;
        return new CustomerValue(alive, expected, averageValue, finiteNonNegative(value));
    }

    private double expectedTransactions(RepeatPurchaseSummary c, double t) {
        return finiteNonNegative(transactions.conditionalExpectedTransactions(t, c));
    }

    private double discountedTransactions(RepeatPurchaseSummary c, double horizon) {
        double monthLength = unit.unitsPerMonth();
        double total = 0.0;
        double previous = 0.0;
        double previousCumulative = 0.0;
        for (int k = 1; previous < horizon; k++) {
            double end = Math.min(horizon, k * monthLength);
            double cumulative = expectedTransactions(c, end);
            double inMonth = Math.max(0.0, cumulative - previousCumulative);
            total += inMonth / Math.pow(1 + monthlyDiscountRate, end / monthLength);
            previous = end;
            previousCumulative = cumulative;
        }
        return total;
    }

    private static double clamp(double v, double lo, double hi) {
        return Double.isNaN(v) ? lo : Math.max(lo, Math.min(hi, v));
    }

    private static double finiteNonNegative(double v) {
        if (Double.isNaN(v) || v < 0) {
            return 0.0;
        }
        return Math.min(v, Double.MAX_VALUE);
    }
}
