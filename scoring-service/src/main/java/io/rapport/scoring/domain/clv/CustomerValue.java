package io.rapport.scoring.domain.clv;

/**
 * The predicted future value of one customer over a horizon; every figure is finite and &gt;= 0.
 *
 * @param probabilityAlive P(alive) under the BG/NBD model
 * @param expectedTransactions expected number of transactions within the horizon
 * @param expectedAverageValue expected value of one of those transactions (Gamma-Gamma)
 * @param predictedValue expected transactions × expected average value, discounted if a rate was set
 */
public record CustomerValue(
        double probabilityAlive, double expectedTransactions, double expectedAverageValue, double predictedValue) {}
