package io.rapport.scoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a newly computed score differs enough from the previous one to be published, and why.
 *
 * <p>A score is published when there is no previous score, or when the band, the lifecycle stage or the
 * account kind changed, or when the score or any component moved by more than the threshold (default
 * {@value #DEFAULT_THRESHOLD} point). Compare against the last <em>published</em> score, not the last
 * computed one: otherwise a slow drift of less than the threshold per computation would never be
 * published.
 *
 * @param publish whether to publish the new score
 * @param reasons why (empty when not publishing), e.g. {@code "band watch -> at_risk"}
 * @param scoreDelta new score minus previous (the new score when there is no previous one)
 * @param componentDeltas per component, new minus previous
 */
public record ScoreMovement(
        boolean publish, List<String> reasons, double scoreDelta, Map<ComponentKind, Double> componentDeltas) {

    /** Default threshold, in points, on the score and on each component. */
    public static final double DEFAULT_THRESHOLD = 1.0;

    public ScoreMovement {
        reasons = List.copyOf(reasons);
        EnumMap<ComponentKind, Double> d = new EnumMap<>(ComponentKind.class);
        d.putAll(componentDeltas);
        componentDeltas = Collections.unmodifiableMap(d);
    }

    /**
     * This movement, published also when the score was computed with another lifetime-value model than the
     * last published one (null: none), whatever the score did: consumers such as the value tiers read the
     * model's figures from the published score. Unchanged for a first score, which is published anyway.
     */
    public ScoreMovement withModel(String previousModel, String model) {
        if (Objects.equals(previousModel, model) || reasons.contains("first score")) return this;
        List<String> r = new ArrayList<>(reasons);
        r.add("lifetime-value model " + (previousModel == null ? "none" : previousModel) + " -> "
                + (model == null ? "none" : model));
        return new ScoreMovement(true, r, scoreDelta, componentDeltas);
    }

    /** {@link #between(RelationshipScore, RelationshipScore, double)} with the default threshold. */
    public static ScoreMovement between(RelationshipScore previous, RelationshipScore next) {
        return between(previous, next, DEFAULT_THRESHOLD);
    }

    /**
     * Compares {@code next} with {@code previous} (null when the account has never been published).
     *
     * @param threshold points by which the score or a component must move (strictly more) to publish
     */
    public static ScoreMovement between(RelationshipScore previous, RelationshipScore next, double threshold) {
        Objects.requireNonNull(next, "next");
        if (!(threshold >= 0)) throw new IllegalArgumentException("threshold must be >= 0, was " + threshold);
        Map<ComponentKind, Double> deltas = new EnumMap<>(ComponentKind.class);
        if (previous == null) {
            next.componentValues().forEach(deltas::put);
            return new ScoreMovement(true, List.of("first score"), next.score(), deltas);
        }
        List<String> reasons = new ArrayList<>();
        if (previous.kind() != next.kind()) {
            reasons.add(
                    "kind " + previous.kind().wireName() + " -> " + next.kind().wireName());
        }
        if (previous.band() != next.band()) {
            reasons.add(
                    "band " + previous.band().wireName() + " -> " + next.band().wireName());
        }
        if (previous.stage() != next.stage()) {
            reasons.add("stage " + previous.stage().wireName() + " -> "
                    + next.stage().wireName());
        }
        double scoreDelta = ScoreCalculator.round(next.score() - previous.score());
        if (Math.abs(scoreDelta) > threshold) {
            reasons.add("score " + Decimals.signed(scoreDelta, 2));
        }
        for (ComponentKind k : ComponentKind.values()) {
            Double before = previous.componentValues().get(k);
            Double after = next.componentValues().get(k);
            if (before == null || after == null) continue;
            double d = ScoreCalculator.round(after - before);
            deltas.put(k, d);
            if (Math.abs(d) > threshold) {
                reasons.add(k.wireName() + " " + Decimals.signed(d, 2));
            }
        }
        return new ScoreMovement(!reasons.isEmpty(), reasons, scoreDelta, deltas);
    }

    /** The components that moved most over the last 7 and the last 30 days. */
    public record BiggestMovers(List<ComponentMove> last7Days, List<ComponentMove> last30Days) {
        public BiggestMovers {
            last7Days = List.copyOf(last7Days);
            last30Days = List.copyOf(last30Days);
        }
    }

    /** {@link #biggestMovers(List, Instant, Duration)} over the last 7 and the last 30 days. */
    public static BiggestMovers biggestMovers(List<ScoreSnapshot> history, Instant now) {
        return new BiggestMovers(
                biggestMovers(history, now, Duration.ofDays(7)), biggestMovers(history, now, Duration.ofDays(30)));
    }

    /**
     * The components that moved over {@code window} before {@code now}, largest absolute move first (ties
     * in component order); components that did not move are left out.
     *
     * <p>The move of a component is its value in the latest snapshot at or before {@code now}, minus its
     * value in the latest snapshot at or before {@code now − window}; when the history starts inside the
     * window, the earliest snapshot is the baseline. {@code history} may be in any order.
     */
    public static List<ComponentMove> biggestMovers(List<ScoreSnapshot> history, Instant now, Duration window) {
        List<ScoreSnapshot> sorted = new ArrayList<>();
        for (ScoreSnapshot s : history) {
            if (!s.at().isAfter(now)) sorted.add(s);
        }
        if (sorted.size() < 2) return List.of();
        sorted.sort(Comparator.comparing(ScoreSnapshot::at));
        ScoreSnapshot current = sorted.get(sorted.size() - 1);
        Instant start = now.minus(window);
        ScoreSnapshot baseline = sorted.get(0);
        for (ScoreSnapshot s : sorted) {
            if (s.at().isAfter(start)) break;
            baseline = s;
        }
        if (baseline == current) return List.of();
        List<ComponentMove> moves = new ArrayList<>();
        for (ComponentKind k : ComponentKind.values()) {
            Double from = baseline.components().get(k);
            Double to = current.components().get(k);
            if (from == null || to == null) continue;
            ComponentMove m = new ComponentMove(k, from, to);
            if (m.delta() != 0) moves.add(m);
        }
        // Stable sort: equal moves keep component order.
        moves.sort(Comparator.comparingDouble((ComponentMove m) -> -Math.abs(m.delta())));
        return List.copyOf(moves);
    }
}
