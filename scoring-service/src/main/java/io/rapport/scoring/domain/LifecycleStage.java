package io.rapport.scoring.domain;

import java.util.Locale;

/**
 * The stage of a relationship, derived from its history by {@link #derive}. The rules are evaluated in
 * this order and the first that matches wins:
 *
 * <table>
 *   <caption>Lifecycle rules (thresholds from {@link ScoringPolicy.LifecycleThresholds}, defaults in brackets)</caption>
 *   <tr><th>#</th><th>stage</th><th>when</th></tr>
 *   <tr><td>1</td><td>prospect</td><td>no order, invoice or contract yet (interactions alone do not make a customer)</td></tr>
 *   <tr><td>2</td><td>lapsed</td><td>no transaction and no two-way interaction for {@code lapsedAfterDays} [180]</td></tr>
 *   <tr><td>3</td><td>at_risk</td><td>band at risk, or P(alive) below {@code lowPAlive} [0.3], or an invoice overdue past grace</td></tr>
 *   <tr><td>4</td><td>onboarding</td><td>first order, invoice or contract less than {@code onboardingDays} [90] ago</td></tr>
 *   <tr><td>5</td><td>renewing</td><td>a contract's renewal (notice date, else end date) falls within {@code renewalNoticeDays} [90]</td></tr>
 *   <tr><td>6</td><td>committed</td><td>a contract is active today (start ≤ today ≤ end) with its renewal further ahead</td></tr>
 *   <tr><td>7</td><td>active</td><td>otherwise</td></tr>
 * </table>
 *
 * Lapsed comes before at risk because an account silent for half a year needs winning back, not saving;
 * at risk comes before onboarding and renewing because a problem matters more than the calendar.
 */
public enum LifecycleStage {
    PROSPECT,
    ONBOARDING,
    ACTIVE,
    COMMITTED,
    RENEWING,
    AT_RISK,
    LAPSED;

    /** Lower-case name, e.g. {@code at_risk}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Applies the rules of the class comment to {@code facts}. */
    public static LifecycleStage derive(LifecycleFacts facts, ScoringPolicy.LifecycleThresholds t) {
        if (facts.daysSinceFirstCommitment() == null) return PROSPECT;
        if (facts.daysSinceLastActivity() == null || facts.daysSinceLastActivity() >= t.lapsedAfterDays()) {
            return LAPSED;
        }
        if (facts.band() == ScoreBand.AT_RISK
                || (facts.pAlive() != null && facts.pAlive() < t.lowPAlive())
                || facts.maxDaysOverdue() > 0) {
            return AT_RISK;
        }
        if (facts.daysSinceFirstCommitment() < t.onboardingDays()) return ONBOARDING;
        if (facts.daysToRenewal() != null && facts.daysToRenewal() <= t.renewalNoticeDays()) return RENEWING;
        if (facts.activeContract()) return COMMITTED;
        return ACTIVE;
    }
}
