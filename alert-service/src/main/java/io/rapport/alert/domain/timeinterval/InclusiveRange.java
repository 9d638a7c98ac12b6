package io.rapport.alert.domain.timeinterval;

/** An inclusive integer range {@code [begin, end]} used for weekdays, days of month, months and years. */
public record InclusiveRange(int begin, int end) {

    /** Whether {@code v} lies within the range, both ends included. */
    public boolean contains(int v) {
        return v >= begin && v <= end;
    }
}
