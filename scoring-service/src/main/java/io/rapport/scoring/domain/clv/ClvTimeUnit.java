package io.rapport.scoring.domain.clv;

/** The time unit in which recency, age and horizons of the lifetime-value models are expressed. */
public enum ClvTimeUnit {
    DAYS(1.0),
    WEEKS(7.0);

    /** Average Gregorian month, so that a monthly discount rate means the same in either unit. */
    private static final double DAYS_PER_MONTH = 365.2425 / 12.0;

    private final double days;

    ClvTimeUnit(double days) {
        this.days = days;
    }

    /** Converts a (possibly fractional) number of days into this unit. */
    public double fromDays(double dayCount) {
        return dayCount / days;
    }

    /** The length of an average calendar month in this unit. */
    public double unitsPerMonth() {
        return DAYS_PER_MONTH / days;
    }
}
