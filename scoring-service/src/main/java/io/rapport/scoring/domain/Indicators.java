package io.rapport.scoring.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Raw indicators that alert rules test (inactivity, overdue payment, detractor survey, ...), published
 * with every score. An indicator that does not apply (no interaction yet, no survey, no usage in the
 * previous window) is absent rather than zero, so that a rule can tell "none" from "zero".
 */
public final class Indicators {
    /** Days (fractional) since the last meeting, call, e-mail or message. */
    public static final String DAYS_SINCE_LAST_TWO_WAY_INTERACTION = "daysSinceLastTwoWayInteraction";
    /** Days (fractional) since the last transaction. */
    public static final String DAYS_SINCE_LAST_TRANSACTION = "daysSinceLastTransaction";
    /** Days past due of the oldest invoice unpaid beyond the grace period; 0 when none. */
    public static final String MAX_DAYS_OVERDUE = "maxDaysOverdue";
    /** Outstanding amount of invoices overdue beyond the grace period. */
    public static final String OVERDUE_AMOUNT = "overdueAmount";
    /** Number of invoices overdue beyond the grace period. */
    public static final String OVERDUE_INVOICES = "overdueInvoices";
    /** Support tickets open now. */
    public static final String OPEN_TICKETS = "openTickets";
    /** The latest NPS answer (0–10). */
    public static final String LAST_NPS = "lastNps";
    /** The latest CSAT answer (1–5). */
    public static final String LAST_CSAT = "lastCsat";
    /** Complaints in the last 30 days (the policy's recent window). */
    public static final String COMPLAINTS_30D = "complaints30d";
    /** Delayed deliveries in the last 30 days. */
    public static final String DELIVERY_DELAYS_30D = "deliveryDelays30d";
    /** Quality incidents in the last 30 days. */
    public static final String QUALITY_INCIDENTS_30D = "qualityIncidents30d";
    /** Usage in the last 30 days over the 30 before (1.0 = flat), averaged over metrics. */
    public static final String USAGE_GROWTH_30D = "usageGrowth30d";
    /** Order value in the last 90 days over the 90 before (1.0 = flat). */
    public static final String ORDER_VALUE_TREND = "orderValueTrend";
    /** Trailing 365-day revenue. */
    public static final String TRAILING_REVENUE = "trailingRevenue";
    /** P(alive) from the CLV models, or its dormancy proxy. */
    public static final String P_ALIVE = "pAlive";

    private Indicators() {}

    /** The indicators of {@code state} as of {@code now}; {@code clv} may be null. */
    public static Map<String, Double> compute(AccountState state, Instant now, ScoringPolicy policy, ClvInputs clv) {
        return of(AccountMeasures.of(state, now, policy, clv));
    }

    /** The indicators of already computed measures. */
    public static Map<String, Double> of(AccountMeasures m) {
        Map<String, Double> i = new LinkedHashMap<>();
        put(i, DAYS_SINCE_LAST_TWO_WAY_INTERACTION, m.daysSinceLastTwoWay());
        put(i, DAYS_SINCE_LAST_TRANSACTION, m.daysSinceLastTransaction());
        i.put(MAX_DAYS_OVERDUE, (double) m.maxDaysOverdue());
        i.put(OVERDUE_AMOUNT, m.overdueAmount().doubleValue());
        i.put(OVERDUE_INVOICES, (double) m.overdueInvoices());
        i.put(OPEN_TICKETS, (double) m.openTickets());
        put(i, LAST_NPS, m.lastNps() == null ? null : m.lastNps().doubleValue());
        put(i, LAST_CSAT, m.lastCsat() == null ? null : m.lastCsat().doubleValue());
        i.put(COMPLAINTS_30D, (double) m.complaintsRecent());
        i.put(DELIVERY_DELAYS_30D, (double) m.deliveryDelaysRecent());
        i.put(QUALITY_INCIDENTS_30D, (double) m.qualityIncidentsRecent());
        put(i, USAGE_GROWTH_30D, m.usageGrowth());
        put(i, ORDER_VALUE_TREND, m.orderValueTrend());
        i.put(TRAILING_REVENUE, m.trailingRevenue().doubleValue());
        put(i, P_ALIVE, m.pAlive());
        return Collections.unmodifiableMap(i);
    }

    private static void put(Map<String, Double> m, String key, Double value) {
        if (value != null) m.put(key, value);
    }
}
