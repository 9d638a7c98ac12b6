package io.rapport.scoring.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes an account's explainable {@link RelationshipScore}: a pure function of (state, now, policy,
 * CLV inputs), so the same inputs always give the same score, whatever order the events arrived in.
 *
 * <p>Every component is on 0–100 and "higher is better", so {@code score = Σ weight × component} is
 * meaningful; in particular the risk component is high when risk is low. Each component reports its
 * inputs and a one-line explanation.
 *
 * <ul>
 *   <li><b>Value</b>: trailing revenue (the larger of order value and invoiced value in the window, minus
 *       refunds) on a log scale, blended with predicted future value when the CLV models provide it.
 *   <li><b>Engagement</b>: {@value #RECENCY_SHARE} recency (halves every half-life since the last
 *       two-way interaction), {@value #FREQUENCY_SHARE} frequency (decayed interaction count, inbound
 *       weighted above outbound, saturating), {@value #BREADTH_SHARE} breadth (distinct contacts), and
 *       {@value #USAGE_SHARE} usage trend when there is usage (shares re-normalised otherwise).
 *   <li><b>Sentiment</b>: {@value #SURVEY_SHARE} surveys (decay-weighted mean of normalised answers,
 *       shrunk towards a neutral prior), {@value #COMPLAINT_SHARE} complaints (decayed severity), and
 *       {@value #TICKET_SHARE} ticket load (open tickets plus the recent excess of opened over resolved).
 *   <li><b>Risk</b>: {@code 100 × Π(1 − factor × penalty)} over overdue invoices, late payments, declining
 *       order value, low P(alive) and (weighing most for suppliers) delivery delays and quality incidents.
 * </ul>
 */
public final class ScoreCalculator {

    /** Share of recency in engagement: how long since we last talked matters most. */
    public static final double RECENCY_SHARE = 0.35;
    /** Share of frequency in engagement. */
    public static final double FREQUENCY_SHARE = 0.35;
    /** Share of breadth (distinct contacts) in engagement. */
    public static final double BREADTH_SHARE = 0.20;
    /** Share of the product usage trend in engagement, when the account reports usage. */
    public static final double USAGE_SHARE = 0.10;
    /** Share of surveys in sentiment: what the account says about us. */
    public static final double SURVEY_SHARE = 0.50;
    /** Share of complaints in sentiment. */
    public static final double COMPLAINT_SHARE = 0.25;
    /** Share of ticket load in sentiment. */
    public static final double TICKET_SHARE = 0.25;
    /** Weight of the recent excess of opened over resolved tickets, relative to an open ticket. */
    public static final double BACKLOG_WEIGHT = 0.5;

    private ScoreCalculator() {}

    /**
     * Scores {@code state} as of {@code now} under {@code policy}; {@code clv} (P(alive), predicted value)
     * may be null when the CLV models have not been fitted.
     */
    public static RelationshipScore score(AccountState state, Instant now, ScoringPolicy policy, ClvInputs clv) {
        AccountMeasures m = AccountMeasures.of(state, now, policy, clv);
        Map<ComponentKind, ScoreComponent> components = new EnumMap<>(ComponentKind.class);
        components.put(ComponentKind.VALUE, value(m, policy));
        components.put(ComponentKind.ENGAGEMENT, engagement(m, policy));
        components.put(ComponentKind.SENTIMENT, sentiment(m, policy));
        components.put(ComponentKind.RISK, risk(m, policy));
        double total = 0;
        for (ScoreComponent c : components.values()) {
            total += c.contribution();
        }
        double score = round(clamp(total));
        ScoreBand band = ScoreBand.of(score, policy.bands());
        LifecycleStage stage = LifecycleStage.derive(m.lifecycleFacts(band), policy.lifecycle());
        return new RelationshipScore(
                state.accountId(), state.kind(), now, score, band, stage, components, Indicators.of(m));
    }

    static ScoreComponent value(AccountMeasures m, ScoringPolicy policy) {
        ScoringPolicy.Normalisation n = policy.normalisation();
        double trailing = logPoints(m.trailingRevenue(), n);
        Map<String, Double> in = new LinkedHashMap<>();
        in.put("trailingRevenue", m.trailingRevenue().doubleValue());
        in.put("orderValue", m.orderValueTrailing().doubleValue());
        in.put("invoicedValue", m.invoicedTrailing().doubleValue());
        in.put("refunds", m.refundsTrailing().doubleValue());
        in.put("trailingRevenuePoints", round(trailing));
        String days = policy.windows().trailingRevenueDays() + "-day";
        double value;
        String why;
        if (m.predictedValue() != null) {
            double predicted = logPoints(m.predictedValue(), n);
            double share = n.predictedValueShare();
            value = (1 - share) * trailing + share * predicted;
            in.put("predictedValue", m.predictedValue().doubleValue());
            in.put("predictedValuePoints", round(predicted));
            why = days + " revenue " + money(m.trailingRevenue()) + " scores " + Decimals.fixed(trailing, 0)
                    + ", predicted future value " + money(m.predictedValue()) + " scores "
                    + Decimals.fixed(predicted, 0) + " (" + Decimals.fixed(share * 100, 0) + "% of value)";
        } else {
            value = trailing;
            why = days + " revenue " + money(m.trailingRevenue()) + " (orders " + money(m.orderValueTrailing())
                    + ", invoiced " + money(m.invoicedTrailing()) + ", refunds " + money(m.refundsTrailing())
                    + ") scores " + Decimals.fixed(trailing, 0) + " on a log scale where "
                    + money(n.revenueForFullValue()) + " scores 100";
        }
        return new ScoreComponent(
                ComponentKind.VALUE, round(clamp(value)), policy.weights().value(), in, why);
    }

    static ScoreComponent engagement(AccountMeasures m, ScoringPolicy policy) {
        ScoringPolicy.Normalisation n = policy.normalisation();
        double halfLife = policy.halfLives().engagementDays();
        double recency =
                m.daysSinceLastTwoWay() == null ? 0 : 100 * AccountMeasures.decay(m.daysSinceLastTwoWay(), halfLife);
        double frequency = 100 * (1 - Math.exp(-m.decayedInteractions() / n.interactionsForFullFrequency()));
        double breadth = 100 * Math.min(1.0, m.contactsBreadth() / n.contactsForFullBreadth());
        double sum = RECENCY_SHARE * recency + FREQUENCY_SHARE * frequency + BREADTH_SHARE * breadth;
        double shares = RECENCY_SHARE + FREQUENCY_SHARE + BREADTH_SHARE;
        Double usage = null;
        if (m.usageGrowth() != null) {
            // Flat usage scores 50; +50% or more scores 100; halved or worse scores 0.
            usage = clamp(50 + 100 * (m.usageGrowth() - 1));
            sum += USAGE_SHARE * usage;
            shares += USAGE_SHARE;
        }
        double value = sum / shares;
        Map<String, Double> in = new LinkedHashMap<>();
        in.put(
                "daysSinceLastTwoWayInteraction",
                m.daysSinceLastTwoWay() == null ? null : round(m.daysSinceLastTwoWay()));
        in.put("decayedInteractions", round(m.decayedInteractions()));
        in.put("inboundLast" + policy.windows().recentDays() + "d", (double) m.inboundRecent());
        in.put("outboundLast" + policy.windows().recentDays() + "d", (double) m.outboundRecent());
        in.put("distinctContacts", (double) m.contactsBreadth());
        in.put("usageGrowth", m.usageGrowth() == null ? null : round(m.usageGrowth()));
        in.put("recencyPoints", round(recency));
        in.put("frequencyPoints", round(frequency));
        in.put("breadthPoints", round(breadth));
        in.put("usagePoints", usage == null ? null : round(usage));
        String last = m.daysSinceLastTwoWay() == null
                ? "no two-way interaction yet"
                : "last two-way interaction " + Decimals.fixed(m.daysSinceLastTwoWay(), 0) + " days ago";
        String why = last + ", " + Decimals.fixed(m.decayedInteractions(), 1) + " decayed interactions (half-life "
                + Decimals.fixed(halfLife, 0) + " days), " + m.contactsBreadth() + " distinct contacts in "
                + policy.windows().breadthDays() + " days"
                + (m.usageGrowth() == null
                        ? ""
                        : ", usage " + Decimals.signed((m.usageGrowth() - 1) * 100, 0) + "% over "
                                + policy.windows().recentDays() + " days");
        return new ScoreComponent(
                ComponentKind.ENGAGEMENT, round(clamp(value)), policy.weights().engagement(), in, why);
    }

    static ScoreComponent sentiment(AccountMeasures m, ScoringPolicy policy) {
        ScoringPolicy.Normalisation n = policy.normalisation();
        double survey = (n.surveyPriorWeight() * n.neutralSurvey() + m.surveyWeightedSum())
                / (n.surveyPriorWeight() + m.surveyWeight());
        double complaints = 100 * Math.max(0, 1 - m.decayedComplaintSeverity() / n.complaintsForFullPenalty());
        double backlog = Math.max(0, m.ticketsOpenedRecent() - m.ticketsResolvedRecent());
        double load = m.openTickets() + BACKLOG_WEIGHT * backlog;
        double tickets = 100 * Math.max(0, 1 - load / n.openTicketsForFullPenalty());
        double value = SURVEY_SHARE * survey + COMPLAINT_SHARE * complaints + TICKET_SHARE * tickets;
        Map<String, Double> in = new LinkedHashMap<>();
        in.put("surveys", (double) m.surveyCount());
        in.put("lastNps", m.lastNps() == null ? null : m.lastNps().doubleValue());
        in.put("lastCsat", m.lastCsat() == null ? null : m.lastCsat().doubleValue());
        in.put("surveyWeight", round(m.surveyWeight()));
        in.put("decayedComplaintSeverity", round(m.decayedComplaintSeverity()));
        in.put("openTickets", (double) m.openTickets());
        in.put("ticketsOpenedLast" + policy.windows().recentDays() + "d", (double) m.ticketsOpenedRecent());
        in.put("ticketsResolvedLast" + policy.windows().recentDays() + "d", (double) m.ticketsResolvedRecent());
        in.put("surveyPoints", round(survey));
        in.put("complaintPoints", round(complaints));
        in.put("ticketPoints", round(tickets));
        String surveys = m.surveyCount() == 0
                ? "no survey (neutral " + Decimals.fixed(n.neutralSurvey(), 0) + ")"
                : "surveys score " + Decimals.fixed(survey, 0)
                        + (m.lastNps() != null
                                ? " (last NPS " + m.lastNps() + ")"
                                : " (last CSAT " + m.lastCsat() + ")");
        String why = surveys + ", complaints score " + Decimals.fixed(complaints, 0) + " (decayed severity "
                + Decimals.fixed(m.decayedComplaintSeverity(), 1) + "), tickets score " + Decimals.fixed(tickets, 0)
                + " (" + m.openTickets() + " open, " + m.ticketsOpenedRecent() + " opened / "
                + m.ticketsResolvedRecent() + " resolved in " + policy.windows().recentDays() + " days)";
        return new ScoreComponent(
                ComponentKind.SENTIMENT, round(clamp(value)), policy.weights().sentiment(), in, why);
    }

    static ScoreComponent risk(AccountMeasures m, ScoringPolicy policy) {
        ScoringPolicy.Normalisation n = policy.normalisation();
        ScoringPolicy.RiskFactors f = policy.risk();
        double overdueDays = Math.min(1, m.maxDaysOverdue() / n.overdueDaysForFullPenalty());
        double overdueAmount = Math.min(
                1,
                m.overdueAmount().doubleValue()
                        / n.overdueAmountForFullPenalty().doubleValue());
        double overdue = 1 - (1 - overdueDays) * (1 - overdueAmount);
        double late = Math.min(1, m.latePayments() / n.latePaymentsForFullPenalty());
        Double trend = m.orderValueTrend();
        double decline = m.orderDecline();
        double dormant = m.pAlive() == null ? 0 : 1 - m.pAlive();
        double delivery = Math.min(1, m.deliveryDelaysTrend() / n.deliveryDelaysForFullPenalty());
        double quality = Math.min(1, m.qualityIncidentsTrend() / n.qualityIncidentsForFullPenalty());

        Map<String, Double> penalties = new LinkedHashMap<>();
        penalties.put("overdueInvoices", f.overdueInvoices() * overdue);
        penalties.put("latePayments", f.latePayments() * late);
        penalties.put("orderDecline", f.orderDecline() * decline);
        penalties.put("lowPAlive", f.lowPAlive() * dormant);
        penalties.put("deliveryDelays", f.deliveryDelays() * delivery);
        penalties.put("qualityIncidents", f.qualityIncidents() * quality);
        double safety = 1;
        String worst = null;
        double worstPenalty = 0;
        for (Map.Entry<String, Double> e : penalties.entrySet()) {
            safety *= 1 - e.getValue();
            if (e.getValue() > worstPenalty) {
                worstPenalty = e.getValue();
                worst = e.getKey();
            }
        }
        double value = 100 * safety;
        int trendDays = policy.windows().orderTrendDays();
        Map<String, Double> in = new LinkedHashMap<>();
        in.put("maxDaysOverdue", (double) m.maxDaysOverdue());
        in.put("overdueAmount", m.overdueAmount().doubleValue());
        in.put("overdueInvoices", (double) m.overdueInvoices());
        in.put("latePayments", (double) m.latePayments());
        in.put("orderValueLast" + trendDays + "d", m.orderValueRecent().doubleValue());
        in.put("orderValuePrevious" + trendDays + "d", m.orderValuePrevious().doubleValue());
        in.put("orderValueTrend", trend == null ? null : round(trend));
        in.put("pAlive", m.pAlive() == null ? null : round4(m.pAlive()));
        in.put("pAliveFromModel", m.pAliveFromModel() ? 1.0 : 0.0);
        in.put("deliveryDelaysLast" + trendDays + "d", (double) m.deliveryDelaysTrend());
        in.put("qualityIncidentsLast" + trendDays + "d", (double) m.qualityIncidentsTrend());
        penalties.forEach((k, v) -> in.put(k + "Penalty", round(100 * v)));
        String why;
        if (worst == null) {
            why = "no risk signal: nothing overdue, orders not declining, deliveries and quality fine";
        } else {
            why = "largest risk: " + describe(worst) + " (−" + Decimals.fixed(100 * worstPenalty, 0) + "%); "
                    + m.overdueInvoices() + " invoices overdue (" + money(m.overdueAmount()) + ", up to "
                    + m.maxDaysOverdue() + " days), order trend "
                    + (trend == null ? "n/a" : Decimals.signed((trend - 1) * 100, 0) + "%") + ", P(alive) "
                    + (m.pAlive() == null ? "n/a" : Decimals.fixed(m.pAlive(), 2))
                    + (m.pAliveFromModel() || m.pAlive() == null ? "" : " (dormancy proxy)");
            if (m.deliveryDelaysTrend() > 0 || m.qualityIncidentsTrend() > 0) {
                why += ", " + m.deliveryDelaysTrend() + " late deliveries and " + m.qualityIncidentsTrend()
                        + " quality incidents in " + trendDays + " days";
            }
        }
        return new ScoreComponent(
                ComponentKind.RISK, round(clamp(value)), policy.weights().risk(), in, why);
    }

    private static String describe(String penalty) {
        switch (penalty) {
            case "overdueInvoices":
                return "overdue invoices";
            case "latePayments":
                return "late payments";
            case "orderDecline":
                return "declining orders";
            case "lowPAlive":
                return "low probability of being active";
            case "deliveryDelays":
                return "delivery delays";
            default:
                return "quality incidents";
        }
    }

    /**
     * {@code amount} on a log scale: 100 at the reference, 0 at {@code valueDecades} factors of ten below
     * it, clamped to 0–100.
     */
    static double logPoints(BigDecimal amount, ScoringPolicy.Normalisation n) {
        if (amount.signum() <= 0) return 0;
        double ratio = amount.doubleValue() / n.revenueForFullValue().doubleValue();
        return clamp(100 * (1 + Math.log10(ratio) / n.valueDecades()));
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    static double clamp(double v) {
        return Math.max(0, Math.min(100, v));
    }

    /** Rounds to two decimals, half-even, so that published numbers are stable and readable. */
    static double round(double v) {
        return round(v, 2, 100.0);
    }

    private static double round4(double v) {
        return round(v, 4, 10_000.0);
    }

    /**
     * {@code v} rounded half-even to {@code decimals} places of its decimal form, exactly as {@code
     * BigDecimal.valueOf(v).setScale(decimals, HALF_EVEN).doubleValue()}, which runs on every input of
     * every score (a twentieth of the scoring CPU when each batch touches many accounts). Away from a
     * half-way point the scaled double rounds to the same integer as the decimal form, and an integer
     * divided by the exact power of ten is the nearest double to the result; near one (and for huge or
     * odd values) the decimal form decides.
     */
    private static double round(double v, int decimals, double scale) {
        double scaled = v * scale;
        if (Math.abs(scaled) < 1e9) {
            double floor = Math.floor(scaled);
            double fraction = scaled - floor;
            if (Math.abs(fraction - 0.5) > 1e-6) {
                // + 0.0: BigDecimal has no negative zero
                return (fraction < 0.5 ? floor : floor + 1) / scale + 0.0;
            }
        } else if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }
}
