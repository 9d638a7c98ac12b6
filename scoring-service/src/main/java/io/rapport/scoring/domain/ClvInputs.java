package io.rapport.scoring.domain;

import java.math.BigDecimal;

/**
 * What the customer-lifetime-value models (BG/NBD, Gamma-Gamma) say about an account, when they have been
 * fitted; either part may be null.
 *
 * @param pAlive probability that the account is still active, in [0, 1]
 * @param predictedValue predicted future value over the models' horizon, in the account's currency
 */
public record ClvInputs(Double pAlive, BigDecimal predictedValue) {
    public ClvInputs {
        if (pAlive != null && !(pAlive >= 0 && pAlive <= 1)) {
            throw new IllegalArgumentException("pAlive must be within [0, 1], was " + pAlive);
        }
        if (predictedValue != null && predictedValue.signum() < 0) {
            throw new IllegalArgumentException("predictedValue must be >= 0, was " + predictedValue);
        }
    }
}
