package io.rapport.scoring.domain.clv;

/**
 * One customer's raw RFM figures.
 *
 * @param timeSinceLastPurchase time since the last purchase, any unit (smaller is more recent)
 * @param frequency number of purchases (or repeat purchases), or a rate
 * @param monetary spend: total or mean, as long as it is the same for the whole population
 */
public record RfmObservation(double timeSinceLastPurchase, double frequency, double monetary) {

    public RfmObservation {
        if (Double.isNaN(timeSinceLastPurchase) || Double.isNaN(frequency) || Double.isNaN(monetary)) {
            throw new IllegalArgumentException("RFM figures must not be NaN");
        }
    }

    /** RFM figures from a repeat-purchase summary: T - tx, x, and the mean repeat value. */
    public static RfmObservation of(RepeatPurchaseSummary s) {
        return new RfmObservation(s.T() - s.tx(), s.x(), s.meanRepeatValue());
    }
}
