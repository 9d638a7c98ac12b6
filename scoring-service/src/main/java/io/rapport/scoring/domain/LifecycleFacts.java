package io.rapport.scoring.domain;

/**
 * The facts the lifecycle rules read, computed from an account's state at an instant (see {@link
 * LifecycleStage}).
 *
 * @param daysSinceFirstCommitment days since the first order, invoice or contract; null for a prospect
 * @param daysSinceLastActivity days since the last transaction or two-way interaction, whichever is
 *     later; null when there was none
 * @param band the score's band
 * @param pAlive P(alive) from the CLV models, or its dormancy proxy; null when unknown
 * @param maxDaysOverdue days past due of the oldest invoice unpaid beyond the grace period; 0 when none
 * @param activeContract whether a contract is in force today
 * @param daysToRenewal days until the nearest renewal date today or later; null when none
 */
public record LifecycleFacts(
        Long daysSinceFirstCommitment,
        Long daysSinceLastActivity,
        ScoreBand band,
        Double pAlive,
        long maxDaysOverdue,
        boolean activeContract,
        Long daysToRenewal) {}
