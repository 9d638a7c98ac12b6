package io.rapport.scoring.domain;

import io.rapport.common.event.SurveyKind;
import io.rapport.scoring.domain.AccountState.Amount;
import io.rapport.scoring.domain.AccountState.DailySignals;
import io.rapport.scoring.domain.AccountState.Signal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.SortedMap;

/**
 * The raw quantities read from an account's state as of an instant, before normalisation: what the
 * score components, the lifecycle rules and the alert indicators are computed from.
 *
 * <p>Everything is evaluated "as of {@code now}": day buckets after {@code now}'s UTC day, and surveys,
 * invoices and payments after {@code now}, are ignored; decays are evaluated at {@code now}, so a silent
 * account's measures keep moving as time passes. Windows of N days are the N UTC days ending with {@code
 * now}'s day. The last-activity instants are never pruned registers: when one lies after {@code now}
 * (scoring "as of" the past) it is clamped to {@code now}.
 */
public record AccountMeasures(
        Instant now,
        LocalDate today,
        BigDecimal orderValueTrailing,
        BigDecimal invoicedTrailing,
        BigDecimal refundsTrailing,
        BigDecimal trailingRevenue,
        long ordersTrailing,
        BigDecimal orderValueRecent,
        BigDecimal orderValuePrevious,
        boolean orderedBeforeTrendWindows,
        double decayedInteractions,
        long inboundRecent,
        long outboundRecent,
        int contactsBreadth,
        Double daysSinceLastTwoWay,
        Double usageGrowth,
        double surveyWeight,
        double surveyWeightedSum,
        int surveyCount,
        Integer lastNps,
        Integer lastCsat,
        double decayedComplaintSeverity,
        long complaintsRecent,
        int openTickets,
        long ticketsOpenedRecent,
        long ticketsResolvedRecent,
        long maxDaysOverdue,
        BigDecimal overdueAmount,
        int overdueInvoices,
        long latePayments,
        long deliveryDelaysTrend,
        long deliveryDelaysRecent,
        long qualityIncidentsTrend,
        long qualityIncidentsRecent,
        Double daysSinceLastTransaction,
        Double pAlive,
        boolean pAliveFromModel,
        BigDecimal predictedValue,
        Long daysSinceFirstCommitment,
        boolean activeContract,
        Long daysToRenewal) {

    private static final double SECONDS_PER_DAY = 86_400.0;

    /** Reads the measures of {@code state} as of {@code now}; {@code clv} may be null. */
    public static AccountMeasures of(AccountState state, Instant now, ScoringPolicy policy, ClvInputs clv) {
        LocalDate today = AccountState.dayOf(now);
        ScoringPolicy.Windows w = policy.windows();
        ScoringPolicy.Normalisation n = policy.normalisation();
        LocalDate revenueFrom = today.minusDays(w.trailingRevenueDays() - 1L);
        LocalDate trendFrom = today.minusDays(w.orderTrendDays() - 1L);
        LocalDate previousTrendFrom = trendFrom.minusDays(w.orderTrendDays());
        LocalDate recentFrom = today.minusDays(w.recentDays() - 1L);
        LocalDate previousRecentFrom = recentFrom.minusDays(w.recentDays());

        // Value.
        BigDecimal orders = state.amount(Amount.ORDER_VALUE, revenueFrom, today);
        BigDecimal refunds = state.amount(Amount.REFUNDS, revenueFrom, today);
        BigDecimal invoiced = BigDecimal.ZERO;
        for (AccountState.Invoice inv : state.invoices().values()) {
            LocalDate d = AccountState.dayOf(inv.issuedAt());
            if (!d.isBefore(revenueFrom) && !inv.issuedAt().isAfter(now)) invoiced = invoiced.add(inv.amount());
        }
        // Orders and invoices often describe the same sales: take the larger, never their sum.
        BigDecimal revenue = orders.max(invoiced).subtract(refunds).max(BigDecimal.ZERO);
        long ordersTrailing = state.count(Signal.ORDERS, revenueFrom, today);
        BigDecimal orderRecent = state.amount(Amount.ORDER_VALUE, trendFrom, today);
        BigDecimal orderPrevious = state.amount(Amount.ORDER_VALUE, previousTrendFrom, trendFrom.minusDays(1));

        // Engagement.
        double halfLife = policy.halfLives().engagementDays();
        double decayed = 0;
        for (Map.Entry<LocalDate, DailySignals> e :
                state.days().headMap(today.plusDays(1)).entrySet()) {
            DailySignals d = e.getValue();
            long in = d.count(Signal.INBOUND);
            long out = d.count(Signal.OUTBOUND);
            if (in == 0 && out == 0) continue;
            decayed += decay(ageDays(e.getKey(), now), halfLife) * (n.inboundWeight() * in + n.outboundWeight() * out);
        }
        long inboundRecent = state.count(Signal.INBOUND, recentFrom, today);
        long outboundRecent = state.count(Signal.OUTBOUND, recentFrom, today);
        int breadth =
                state.contacts(today.minusDays(w.breadthDays() - 1L), today).size();
        Double sinceTwoWay = daysSince(state.lastTwoWayInteractionAt(), now);
        Double usageGrowth =
                usageGrowth(state.usage(recentFrom, today), state.usage(previousRecentFrom, recentFrom.minusDays(1)));

        // Sentiment.
        double sentimentHalfLife = policy.halfLives().sentimentDays();
        double surveyWeight = 0;
        double surveySum = 0;
        int surveyCount = 0;
        AccountState.Survey lastNps = null;
        AccountState.Survey lastCsat = null;
        for (Map.Entry<String, AccountState.Survey> e : state.surveys().entrySet()) {
            AccountState.Survey s = e.getValue();
            if (s.occurredAt().isAfter(now)) continue;
            double wt = decay(secondsBetween(s.occurredAt(), now) / SECONDS_PER_DAY, sentimentHalfLife);
            surveyWeight += wt;
            surveySum += wt * s.normalised();
            surveyCount++;
            // Iteration is in event-id order, so ">=" on time breaks ties by the larger event id.
            if (s.kind() == SurveyKind.NPS
                    && (lastNps == null || !s.occurredAt().isBefore(lastNps.occurredAt()))) {
                lastNps = s;
            }
            if (s.kind() == SurveyKind.CSAT
                    && (lastCsat == null || !s.occurredAt().isBefore(lastCsat.occurredAt()))) {
                lastCsat = s;
            }
        }
        double complaintSeverity = 0;
        for (Map.Entry<LocalDate, DailySignals> e :
                state.days().headMap(today.plusDays(1)).entrySet()) {
            long sev = e.getValue().count(Signal.COMPLAINT_SEVERITY);
            if (sev > 0) complaintSeverity += decay(ageDays(e.getKey(), now), sentimentHalfLife) * sev;
        }

        // Risk.
        SortedMap<String, BigDecimal> paid = paidAsOf(state, now);
        long maxDaysOverdue = 0;
        BigDecimal overdueAmount = BigDecimal.ZERO;
        int overdueInvoices = 0;
        for (Map.Entry<String, AccountState.Invoice> e : state.invoices().entrySet()) {
            AccountState.Invoice inv = e.getValue();
            if (inv.issuedAt().isAfter(now)) continue;
            BigDecimal outstanding = inv.amount().subtract(paid.getOrDefault(e.getKey(), BigDecimal.ZERO));
            if (outstanding.signum() > 0 && today.isAfter(inv.dueDate().plusDays(policy.overdueGraceDays()))) {
                overdueInvoices++;
                overdueAmount = overdueAmount.add(outstanding);
                maxDaysOverdue = Math.max(maxDaysOverdue, ChronoUnit.DAYS.between(inv.dueDate(), today));
            }
        }
        long latePayments = 0;
        for (AccountState.Payment p : state.payments().values()) {
            if (p.invoiceId() == null || p.receivedAt().isAfter(now)) continue;
            LocalDate d = AccountState.dayOf(p.receivedAt());
            AccountState.Invoice inv = state.invoices().get(p.invoiceId());
            if (inv != null
                    && !d.isBefore(revenueFrom)
                    && d.isAfter(inv.dueDate().plusDays(policy.overdueGraceDays()))) {
                latePayments++;
            }
        }
        Double sinceTransaction = daysSince(state.lastTransactionAt(), now);
        Double pAlive;
        boolean fromModel;
        if (clv != null && clv.pAlive() != null) {
            pAlive = clv.pAlive();
            fromModel = true;
        } else {
            pAlive = sinceTransaction == null
                    ? null
                    : decay(sinceTransaction, policy.halfLives().dormancyDays());
            fromModel = false;
        }

        // Lifecycle.
        Long sinceFirst =
                state.firstCommitmentAt() == null || state.firstCommitmentAt().isAfter(now)
                        ? null
                        : ChronoUnit.DAYS.between(AccountState.dayOf(state.firstCommitmentAt()), today);
        boolean active = false;
        Long toRenewal = null;
        for (Map.Entry<String, AccountState.Contract> e : state.contracts().entrySet()) {
            AccountState.Contract c = e.getValue();
            if (c.signedAt().isAfter(now)) continue;
            if (!c.startDate().isAfter(today) && !c.endDate().isBefore(today)) active = true;
            AccountState.RenewalNotice r = state.renewals().get(e.getKey());
            LocalDate renewal = r != null && !r.occurredAt().isAfter(now) ? r.renewalDate() : c.endDate();
            toRenewal = nearest(toRenewal, today, renewal);
        }
        for (Map.Entry<String, AccountState.RenewalNotice> e : state.renewals().entrySet()) {
            if (state.contracts().containsKey(e.getKey())
                    || e.getValue().occurredAt().isAfter(now)) continue;
            toRenewal = nearest(toRenewal, today, e.getValue().renewalDate());
        }

        return new AccountMeasures(
                now,
                today,
                orders,
                invoiced,
                refunds,
                revenue,
                ordersTrailing,
                orderRecent,
                orderPrevious,
                state.count(Signal.ORDERS, LocalDate.MIN, previousTrendFrom.minusDays(1)) > 0,
                decayed,
                inboundRecent,
                outboundRecent,
                breadth,
                sinceTwoWay,
                usageGrowth,
                surveyWeight,
                surveySum,
                surveyCount,
                lastNps == null ? null : lastNps.score(),
                lastCsat == null ? null : lastCsat.score(),
                complaintSeverity,
                state.count(Signal.COMPLAINTS, recentFrom, today),
                state.openTickets(now).size(),
                state.count(Signal.TICKETS_OPENED, recentFrom, today),
                state.count(Signal.TICKETS_RESOLVED, recentFrom, today),
                maxDaysOverdue,
                overdueAmount,
                overdueInvoices,
                latePayments,
                state.count(Signal.DELIVERY_DELAYS, trendFrom, today),
                state.count(Signal.DELIVERY_DELAYS, recentFrom, today),
                state.count(Signal.QUALITY_INCIDENTS, trendFrom, today),
                state.count(Signal.QUALITY_INCIDENTS, recentFrom, today),
                sinceTransaction,
                pAlive,
                fromModel,
                clv == null ? null : clv.predictedValue(),
                sinceFirst,
                active,
                toRenewal);
    }

    /** The lifecycle facts these measures imply, given the score's band. */
    public LifecycleFacts lifecycleFacts(ScoreBand band) {
        Long sinceActivity = null;
        if (daysSinceLastTwoWay != null || daysSinceLastTransaction != null) {
            double a = daysSinceLastTwoWay == null ? Double.MAX_VALUE : daysSinceLastTwoWay;
            double b = daysSinceLastTransaction == null ? Double.MAX_VALUE : daysSinceLastTransaction;
            sinceActivity = (long) Math.floor(Math.min(a, b));
        }
        return new LifecycleFacts(
                daysSinceFirstCommitment, sinceActivity, band, pAlive, maxDaysOverdue, activeContract, daysToRenewal);
    }

    /** {@code recentOrderValue / previousOrderValue}, or null when the previous window had no orders. */
    public Double orderValueTrend() {
        if (orderValuePrevious.signum() <= 0) return null;
        return orderValueRecent.doubleValue() / orderValuePrevious.doubleValue();
    }

    /**
     * How much order value declined, 0 (flat or growing) to 1 (stopped): {@code 1 − recent / previous}
     * over the two order-trend windows. When the previous window is empty but the account ordered before
     * it and not since, orders have stopped altogether: 1. Without that rule, an account's risk would
     * improve once its silence outlasts both windows.
     */
    public double orderDecline() {
        if (orderValuePrevious.signum() > 0) {
            return Math.max(0, 1 - orderValueRecent.doubleValue() / orderValuePrevious.doubleValue());
        }
        return orderValueRecent.signum() == 0 && orderedBeforeTrendWindows ? 1 : 0;
    }

    static double decay(double ageDays, double halfLifeDays) {
        return Math.pow(0.5, Math.max(0, ageDays) / halfLifeDays);
    }

    /** Age at {@code now} of a day bucket, measured from the start of its UTC day. */
    static double ageDays(LocalDate day, Instant now) {
        return Math.max(0, secondsBetween(day.atStartOfDay(ZoneOffset.UTC).toInstant(), now) / SECONDS_PER_DAY);
    }

    private static double secondsBetween(Instant from, Instant to) {
        return Math.max(0, to.getEpochSecond() - from.getEpochSecond());
    }

    private static Double daysSince(Instant t, Instant now) {
        return t == null ? null : secondsBetween(t, now) / SECONDS_PER_DAY;
    }

    private static Long nearest(Long current, LocalDate today, LocalDate date) {
        if (date.isBefore(today)) return current;
        long d = ChronoUnit.DAYS.between(today, date);
        return current == null ? d : Math.min(current, d);
    }

    private static SortedMap<String, BigDecimal> paidAsOf(AccountState state, Instant now) {
        java.util.TreeMap<String, BigDecimal> m = new java.util.TreeMap<>();
        for (AccountState.Payment p : state.payments().values()) {
            if (p.invoiceId() != null && !p.receivedAt().isAfter(now)) {
                m.merge(p.invoiceId(), p.amount(), BigDecimal::add);
            }
        }
        return m;
    }

    /**
     * Mean, over metrics used in the previous window, of recent / previous usage; null when no metric has
     * usage in the previous window. A metric new in the recent window says nothing about a trend.
     */
    private static Double usageGrowth(SortedMap<String, BigDecimal> recent, SortedMap<String, BigDecimal> previous) {
        double sum = 0;
        int n = 0;
        for (Map.Entry<String, BigDecimal> e : previous.entrySet()) {
            if (e.getValue().signum() <= 0) continue;
            sum += recent.getOrDefault(e.getKey(), BigDecimal.ZERO).doubleValue()
                    / e.getValue().doubleValue();
            n++;
        }
        return n == 0 ? null : sum / n;
    }
}
