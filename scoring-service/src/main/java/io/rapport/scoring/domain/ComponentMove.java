package io.rapport.scoring.domain;

/**
 * How far one component moved over a window.
 *
 * @param component which component
 * @param from its value at the start of the window
 * @param to its value now
 */
public record ComponentMove(ComponentKind component, double from, double to) {
    /** {@code to − from}, rounded to two decimals. */
    public double delta() {
        return ScoreCalculator.round(to - from);
    }
}
