package io.rapport.scoring.domain;

import java.util.Locale;

/**
 * The four components of the relationship score. Every one is "higher is better" on 0–100, so the
 * weighted blend is meaningful; in particular {@link #RISK} is high when risk is <em>low</em>.
 */
public enum ComponentKind {
    /** Monetary value: trailing revenue and predicted future value. */
    VALUE,
    /** Recency, frequency and breadth of two-way interactions, and the product usage trend. */
    ENGAGEMENT,
    /** Surveys, complaints and ticket load. */
    SENTIMENT,
    /** Absence of risk: 100 means no overdue invoices, no declining orders, likely alive, reliable supply. */
    RISK;

    /** Lower-case name, e.g. {@code engagement}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
