package io.rapport.scoring.domain.clv;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The sufficient statistics of one customer's purchase history for buy-till-you-die models.
 *
 * @param x number of repeat transactions (the first purchase is not counted)
 * @param tx time of the last repeat transaction, measured from the first purchase (0 if x = 0)
 * @param T age of the customer at the observation time, measured from the first purchase
 * @param meanRepeatValue mean value of the repeat transactions (0 if x = 0)
 */
public record RepeatPurchaseSummary(int x, double tx, double T, double meanRepeatValue) {

    public RepeatPurchaseSummary {
        if (x < 0) {
            throw new IllegalArgumentException("x must be >= 0, was " + x);
        }
        if (!Double.isFinite(tx) || !Double.isFinite(T) || !Double.isFinite(meanRepeatValue)) {
            throw new IllegalArgumentException("tx, T and meanRepeatValue must be finite");
        }
        if (tx < 0 || tx > T) {
            throw new IllegalArgumentException("need 0 <= tx <= T, was tx=" + tx + ", T=" + T);
        }
        if (x == 0 && (tx != 0 || meanRepeatValue != 0)) {
            throw new IllegalArgumentException("a customer without repeat purchases has tx = 0 and no repeat value");
        }
    }

    /**
     * Summarises purchases dated by calendar day, as of the observation day: purchases dated on or
     * before it count, and times are whole days between calendar dates (the convention of the
     * published CDNOW summaries, where T runs from the first purchase day to the observation day).
     *
     * @throws IllegalArgumentException if no purchase falls on or before the observation day
     */
    public static RepeatPurchaseSummary fromPurchases(
            List<Purchase> purchases, LocalDate observationDay, ClvTimeUnit unit) {
        Objects.requireNonNull(observationDay, "observationDay");
        Map<LocalDate, BigDecimal> byDay =
                transactionsByDay(purchases, p -> !p.day().isAfter(observationDay));
        LocalDate first = byDay.keySet().iterator().next();
        return summarise(byDay, first, unit, ChronoUnit.DAYS.between(first, observationDay));
    }

    /**
     * Summarises purchases as of an observation instant: purchases at or before it count; each
     * transaction is placed at the start of its UTC day and T runs from the start of the first
     * purchase day to the observation instant (fractional days).
     *
     * @throws IllegalArgumentException if no purchase happened at or before the observation instant
     */
    public static RepeatPurchaseSummary fromPurchases(
            List<Purchase> purchases, Instant observationTime, ClvTimeUnit unit) {
        Objects.requireNonNull(observationTime, "observationTime");
        Map<LocalDate, BigDecimal> byDay = transactionsByDay(purchases, p -> !p.at().isAfter(observationTime));
        LocalDate first = byDay.keySet().iterator().next();
        Duration age = Duration.between(first.atStartOfDay(ZoneOffset.UTC).toInstant(), observationTime);
        return summarise(
                byDay, first, unit, age.toNanos() / (double) Duration.ofDays(1).toNanos());
    }

    private static Map<LocalDate, BigDecimal> transactionsByDay(
            List<Purchase> purchases, java.util.function.Predicate<Purchase> observed) {
        Objects.requireNonNull(purchases, "purchases");
        TreeMap<LocalDate, BigDecimal> byDay = new TreeMap<>();
        for (Purchase p : purchases) {
            if (observed.test(p)) {
                byDay.merge(p.day(), p.amount(), BigDecimal::add);
            }
        }
        if (byDay.isEmpty()) {
            throw new IllegalArgumentException("no purchase at or before the observation time");
        }
        return byDay;
    }

    private static RepeatPurchaseSummary summarise(
            Map<LocalDate, BigDecimal> byDay, LocalDate first, ClvTimeUnit unit, double ageDays) {
        int x = byDay.size() - 1;
        if (x == 0) {
            return new RepeatPurchaseSummary(0, 0.0, unit.fromDays(ageDays), 0.0);
        }
        LocalDate last = first;
        BigDecimal repeatTotal = BigDecimal.ZERO;
        for (Map.Entry<LocalDate, BigDecimal> e : byDay.entrySet()) {
            if (!e.getKey().equals(first)) {
                repeatTotal = repeatTotal.add(e.getValue());
                last = e.getKey();
            }
        }
        double tx = unit.fromDays(ChronoUnit.DAYS.between(first, last));
        return new RepeatPurchaseSummary(x, tx, unit.fromDays(ageDays), repeatTotal.doubleValue() / x);
    }
}
