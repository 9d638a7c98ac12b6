package io.rapport.scoring.domain;

import io.rapport.common.event.AccountKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * How scores are computed: weights, half-lives, windows, thresholds and normalisation references. Pure
 * configuration with per-{@link AccountKind} defaults ({@link #defaultsFor}); the service's config layer
 * builds one per kind and calls {@link #validate(String)} at start-up so that a bad value stops the
 * service with a message naming the property.
 *
 * @param weights how the four components blend into the score
 * @param halfLives how fast old signals fade
 * @param windows trailing windows for sums and trends
 * @param bands score thresholds of the bands
 * @param normalisation the references that map raw quantities to 0–100
 * @param risk how much each risk factor weighs for this kind of account
 * @param lifecycle thresholds of the lifecycle stages
 * @param overdueGraceDays days after the due date before an unpaid invoice counts as overdue (default 5:
 *     a payment run or a bank transfer in flight is not a relationship problem; a week-old debt is)
 * @param retentionDays how long day buckets and per-event entries are kept (default 730: two years
 *     covers the 365-day revenue window and year-on-year comparisons with room to spare)
 */
public record ScoringPolicy(
        Weights weights,
        HalfLives halfLives,
        Windows windows,
        BandThresholds bands,
        Normalisation normalisation,
        RiskFactors risk,
        LifecycleThresholds lifecycle,
        int overdueGraceDays,
        int retentionDays) {

    /** Tolerance on the sum of the component weights. */
    public static final double WEIGHT_SUM_TOLERANCE = 1e-9;

    /**
     * Component weights, each in [0, 1], summing to 1 so that the score stays on the components' 0–100
     * scale.
     *
     * <p>Defaults. <b>Customer</b> 0.30 / 0.25 / 0.20 / 0.25: money is the largest single part of a customer
     * relationship's value, but a paying customer who is disengaged, unhappy or behind on payments is at risk
     * of leaving, so the other three together outweigh it. <b>Supplier</b> 0.25 / 0.15 / 0.20 / 0.40: a
     * supply relationship is judged first on reliability (on-time, defect-free delivery, which the risk
     * component measures), and meetings matter less. <b>Partner</b> 0.30 / 0.40 / 0.15 / 0.15: an alliance
     * lives on joint activity, so engagement weighs most, and value (for a partner: the joint pipeline, the
     * orders and contracts that flow through it) comes next.
     */
    public record Weights(double value, double engagement, double sentiment, double risk) {}

    /**
     * Half-lives, in days, of the exponential decay applied to signals as they age.
     *
     * @param engagementDays default 30 (45 for partners): a conversation a month ago counts half as much as
     *     one today, so an account that goes quiet loses engagement within a quarter; partners work on a
     *     slower, quarterly cadence
     * @param sentimentDays default 90: opinions (surveys, complaints) change more slowly than contact
     *     patterns, and surveys are sent a few times a year
     * @param dormancyDays default 180: without a fitted BG/NBD model, P(alive) is approximated by halving it
     *     every 180 days without a transaction, i.e. two order-trend windows of silence
     */
    public record HalfLives(double engagementDays, double sentimentDays, double dormancyDays) {}

    /**
     * Trailing windows, in days.
     *
     * @param trailingRevenueDays default 365: a full year smooths seasonality and annual billing
     * @param orderTrendDays default 90: order value in the last 90 days is compared with the 90 before, a
     *     quarter-on-quarter trend
     * @param breadthDays default 90: distinct contacts talked to in a quarter measure how many people the
     *     relationship rests on
     * @param recentDays default 30: the window of the "last 30 days" indicators and of usage growth
     */
    public record Windows(int trailingRevenueDays, int orderTrendDays, int breadthDays, int recentDays) {}

    /**
     * Band thresholds on the 0–100 score: healthy at or above {@code healthy} (default 70), watch at or
     * above {@code watch} (default 45), at risk below. 70 means most components are clearly good; below 45
     * at least two components are poor, which deserves someone's attention.
     */
    public record BandThresholds(double healthy, double watch) {}

    /**
     * References that map raw quantities onto 0–100.
     *
     * @param revenueForFullValue trailing revenue (plus predicted value) that scores 100 (default 100 000 in
     *     the account's currency: a mid-market annual contract)
     * @param valueDecades how many factors of ten below the reference still score above 0 (default 3: with
     *     100 000 for 100, 10 000 scores 67, 1 000 scores 33, 100 scores 0); a log scale because account
     *     values span orders of magnitude and a linear scale would crush all but the largest to zero
     * @param predictedValueShare share of the value component taken by predicted future value when a CLV
     *     prediction exists (default 0.4: the past year is fact, the prediction is a model)
     * @param inboundWeight weight of an interaction the account started (default 1.0)
     * @param outboundWeight weight of one we started (default 0.5: reaching out is cheap; the account
     *     reaching us, or answering, shows its interest)
     * @param interactionsForFullFrequency decayed, weighted interaction count at which frequency nears 100
     *     (default 6: about weekly two-way contact at the 30-day half-life); the curve saturates as {@code
     *     1 - exp(-x / ref)}, so frequency is 63 at the reference
     * @param contactsForFullBreadth distinct contacts in the breadth window that score 100 (default 5: a
     *     relationship resting on one person is fragile; five reaches the buying group)
     * @param neutralSurvey the survey sub-score assumed with no (recent) survey (default 60: slightly
     *     positive, the score of a passive NPS 6)
     * @param surveyPriorWeight weight of that neutral prior against decayed survey weights (default 0.5: one
     *     fresh survey outweighs it two to one; as surveys age, the sub-score returns to neutral)
     * @param complaintsForFullPenalty decayed complaint severity points that empty the complaints sub-score
     *     (default 6: e.g. three medium complaints, or two high and a low, at full weight)
     * @param openTicketsForFullPenalty open tickets that empty the ticket sub-score (default 5)
     * @param overdueDaysForFullPenalty days overdue (of the oldest overdue invoice) that make the overdue
     *     penalty full (default 90: a quarter late is a collections case)
     * @param overdueAmountForFullPenalty overdue amount that makes the overdue penalty full (default 10 000)
     * @param latePaymentsForFullPenalty payments after the due date plus grace, in the trailing revenue
     *     window, that make the late-payment penalty full (default 4: late every quarter)
     * @param deliveryDelaysForFullPenalty late deliveries in the order-trend window that make the delivery
     *     penalty full (default 4)
     * @param qualityIncidentsForFullPenalty quality incidents in the order-trend window that make the
     *     quality penalty full (default 3)
     */
    public record Normalisation(
            BigDecimal revenueForFullValue,
            double valueDecades,
            double predictedValueShare,
            double inboundWeight,
            double outboundWeight,
            double interactionsForFullFrequency,
            double contactsForFullBreadth,
            double neutralSurvey,
            double surveyPriorWeight,
            double complaintsForFullPenalty,
            double openTicketsForFullPenalty,
            double overdueDaysForFullPenalty,
            BigDecimal overdueAmountForFullPenalty,
            double latePaymentsForFullPenalty,
            double deliveryDelaysForFullPenalty,
            double qualityIncidentsForFullPenalty) {}

    /**
     * How much each risk factor weighs, each in [0, 1]: the risk component is {@code 100 × Π(1 − factor ×
     * penalty)}, each penalty in [0, 1], so a factor of 1 lets that risk alone drive the component to 0 and
     * 0 ignores it.
     *
     * <p>Defaults. <b>Customer</b>: overdue invoices 1.0 and late payments 0.5 (a customer who stops paying
     * is the clearest risk), declining orders 0.6, low P(alive) 0.8, our late deliveries and quality
     * incidents 0.2 each (they hurt, but mainly through sentiment). <b>Supplier</b>: invoices and payments
     * 0 (the contracts' invoices are issued <i>to</i> the account, which for a supplier is not the money
     * flow that matters), delivery delays and quality incidents 1.0 each (what a supply relationship is
     * judged on), declining orders and low P(alive) 0.3 (we decide how much we buy). <b>Partner</b>: overdue
     * 0.6, late payments 0.3, declining joint orders 0.5, low P(alive) 0.5, deliveries and quality 0.3.
     */
    public record RiskFactors(
            double overdueInvoices,
            double latePayments,
            double orderDecline,
            double lowPAlive,
            double deliveryDelays,
            double qualityIncidents) {}

    /**
     * Thresholds of the lifecycle stages (see {@link LifecycleStage}).
     *
     * @param onboardingDays an account is onboarding for this many days after its first order or contract
     *     (default 90: a quarter to settle in)
     * @param renewalNoticeDays a contract renewing within this many days makes the stage renewing (default
     *     90: the usual notice period of annual contracts)
     * @param lapsedAfterDays no transaction and no two-way interaction for this many days makes the account
     *     lapsed (default 180: two quarters of silence)
     * @param lowPAlive P(alive) below this makes the account at risk (default 0.3)
     */
    public record LifecycleThresholds(
            int onboardingDays, int renewalNoticeDays, int lapsedAfterDays, double lowPAlive) {}

    /** The default policy for a kind of account; see each part's Javadoc for the reasoning. */
    public static ScoringPolicy defaultsFor(AccountKind kind) {
        Normalisation norms = new Normalisation(
                new BigDecimal("100000"),
                3.0,
                0.4,
                1.0,
                0.5,
                6.0,
                5.0,
                60.0,
                0.5,
                6.0,
                5.0,
                90.0,
                new BigDecimal("10000"),
                4.0,
                4.0,
                3.0);
        Windows windows = new Windows(365, 90, 90, 30);
        BandThresholds bands = new BandThresholds(70.0, 45.0);
        LifecycleThresholds lifecycle = new LifecycleThresholds(90, 90, 180, 0.3);
        switch (kind) {
            case SUPPLIER:
                return new ScoringPolicy(
                        new Weights(0.25, 0.15, 0.20, 0.40),
                        new HalfLives(30, 90, 180),
                        windows,
                        bands,
                        norms,
                        new RiskFactors(0.0, 0.0, 0.3, 0.3, 1.0, 1.0),
                        lifecycle,
                        5,
                        730);
            case PARTNER:
                return new ScoringPolicy(
                        new Weights(0.30, 0.40, 0.15, 0.15),
                        new HalfLives(45, 90, 180),
                        windows,
                        bands,
                        norms,
                        new RiskFactors(0.6, 0.3, 0.5, 0.5, 0.3, 0.3),
                        lifecycle,
                        5,
                        730);
            case CUSTOMER:
            default:
                return new ScoringPolicy(
                        new Weights(0.30, 0.25, 0.20, 0.25),
                        new HalfLives(30, 90, 180),
                        windows,
                        bands,
                        norms,
                        new RiskFactors(1.0, 0.5, 0.6, 0.8, 0.2, 0.2),
                        lifecycle,
                        5,
                        730);
        }
    }

    /** Every problem with this policy, each message starting with the property path. */
    public List<String> violations() {
        return violations("");
    }

    /**
     * Every problem with this policy, each message starting with {@code prefix} and the property path
     * (e.g. {@code rapport.scoring.customer.weights.value}); empty when the policy is valid.
     */
    public List<String> violations(String prefix) {
        List<String> v = new ArrayList<>();
        Check c = new Check(prefix, v);
        if (weights == null
                || halfLives == null
                || windows == null
                || bands == null
                || normalisation == null
                || risk == null
                || lifecycle == null) {
            v.add(prefix + "weights, halfLives, windows, bands, normalisation, risk and lifecycle are all required");
            return v;
        }
        c.unit("weights.value", weights.value());
        c.unit("weights.engagement", weights.engagement());
        c.unit("weights.sentiment", weights.sentiment());
        c.unit("weights.risk", weights.risk());
        double sum = weights.value() + weights.engagement() + weights.sentiment() + weights.risk();
        if (!(Math.abs(sum - 1.0) <= WEIGHT_SUM_TOLERANCE)) {
            v.add(prefix + "weights: value + engagement + sentiment + risk must sum to 1 (±1e-9), was " + sum);
        }
        c.positive("halfLives.engagementDays", halfLives.engagementDays());
        c.positive("halfLives.sentimentDays", halfLives.sentimentDays());
        c.positive("halfLives.dormancyDays", halfLives.dormancyDays());
        c.positive("windows.trailingRevenueDays", windows.trailingRevenueDays());
        c.positive("windows.orderTrendDays", windows.orderTrendDays());
        c.positive("windows.breadthDays", windows.breadthDays());
        c.positive("windows.recentDays", windows.recentDays());
        if (!(bands.watch() > 0 && bands.watch() < bands.healthy() && bands.healthy() <= 100)) {
            v.add(prefix + "bands: must satisfy 0 < bands.watch < bands.healthy <= 100, was bands.watch="
                    + bands.watch() + ", bands.healthy=" + bands.healthy());
        }
        Normalisation n = normalisation;
        if (n.revenueForFullValue() == null || n.revenueForFullValue().signum() <= 0) {
            v.add(prefix + "normalisation.revenueForFullValue must be > 0, was " + n.revenueForFullValue());
        }
        if (n.overdueAmountForFullPenalty() == null
                || n.overdueAmountForFullPenalty().signum() <= 0) {
            v.add(prefix + "normalisation.overdueAmountForFullPenalty must be > 0, was "
                    + n.overdueAmountForFullPenalty());
        }
        c.positive("normalisation.valueDecades", n.valueDecades());
        c.unit("normalisation.predictedValueShare", n.predictedValueShare());
        c.nonNegative("normalisation.inboundWeight", n.inboundWeight());
        c.nonNegative("normalisation.outboundWeight", n.outboundWeight());
        if (n.inboundWeight() + n.outboundWeight() <= 0) {
            v.add(prefix + "normalisation.inboundWeight + normalisation.outboundWeight must be > 0");
        }
        c.positive("normalisation.interactionsForFullFrequency", n.interactionsForFullFrequency());
        c.positive("normalisation.contactsForFullBreadth", n.contactsForFullBreadth());
        if (!(n.neutralSurvey() >= 0 && n.neutralSurvey() <= 100)) {
            v.add(prefix + "normalisation.neutralSurvey must be within [0, 100], was " + n.neutralSurvey());
        }
        c.positive("normalisation.surveyPriorWeight", n.surveyPriorWeight());
        c.positive("normalisation.complaintsForFullPenalty", n.complaintsForFullPenalty());
        c.positive("normalisation.openTicketsForFullPenalty", n.openTicketsForFullPenalty());
        c.positive("normalisation.overdueDaysForFullPenalty", n.overdueDaysForFullPenalty());
        c.positive("normalisation.latePaymentsForFullPenalty", n.latePaymentsForFullPenalty());
        c.positive("normalisation.deliveryDelaysForFullPenalty", n.deliveryDelaysForFullPenalty());
        c.positive("normalisation.qualityIncidentsForFullPenalty", n.qualityIncidentsForFullPenalty());
        c.unit("risk.overdueInvoices", risk.overdueInvoices());
        c.unit("risk.latePayments", risk.latePayments());
        c.unit("risk.orderDecline", risk.orderDecline());
        c.unit("risk.lowPAlive", risk.lowPAlive());
        c.unit("risk.deliveryDelays", risk.deliveryDelays());
        c.unit("risk.qualityIncidents", risk.qualityIncidents());
        c.positive("lifecycle.onboardingDays", lifecycle.onboardingDays());
        c.positive("lifecycle.renewalNoticeDays", lifecycle.renewalNoticeDays());
        c.positive("lifecycle.lapsedAfterDays", lifecycle.lapsedAfterDays());
        c.unit("lifecycle.lowPAlive", lifecycle.lowPAlive());
        c.nonNegative("overdueGraceDays", overdueGraceDays);
        int needed = Math.max(
                windows.trailingRevenueDays(),
                Math.max(2 * windows.orderTrendDays(), Math.max(windows.breadthDays(), 2 * windows.recentDays())));
        if (retentionDays < needed) {
            v.add(prefix + "retentionDays must cover the longest window (" + needed
                    + " days: windows.trailingRevenueDays, twice windows.orderTrendDays, windows.breadthDays,"
                    + " twice windows.recentDays), was " + retentionDays);
        }
        return v;
    }

    /**
     * Returns this policy if it is valid.
     *
     * @throws IllegalArgumentException listing every violation, each naming its property
     */
    public ScoringPolicy validate(String prefix) {
        List<String> v = violations(prefix);
        if (!v.isEmpty()) {
            throw new IllegalArgumentException("invalid scoring policy: " + String.join("; ", v));
        }
        return this;
    }

    /** {@link #validate(String)} with property paths relative to the policy. */
    public ScoringPolicy validate() {
        return validate("");
    }

    private record Check(String prefix, List<String> out) {
        void positive(String name, double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                out.add(prefix + name + " must be > 0, was " + value);
            }
        }

        void positive(String name, int value) {
            if (value <= 0) out.add(prefix + name + " must be > 0, was " + value);
        }

        void nonNegative(String name, int value) {
            if (value < 0) out.add(prefix + name + " must be >= 0, was " + value);
        }

        void nonNegative(String name, double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                out.add(prefix + name + " must be >= 0, was " + value);
            }
        }

        void unit(String name, double value) {
            if (!(value >= 0 && value <= 1)) {
                out.add(prefix + name + " must be within [0, 1], was " + value);
            }
        }
    }
}
