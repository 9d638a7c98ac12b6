package io.rapport.scoring.domain.clv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a population on recency, frequency and monetary value in quintiles, 1 to 5.
 *
 * <p>Each customer's score is 1 + ⌊5 · (m + ½) / n⌋, where m is the customer's mid-rank (the
 * average of the 0-based positions that customer's value occupies in ascending order) among n
 * customers. So equal values always get equal scores, the result depends only on the values (not
 * on input order), n distinct values fill the quintiles evenly, a population where everyone is
 * equal scores 3 throughout, and small populations (n &lt; 5) spread symmetrically around 3 (one
 * customer: 3; two: 2 and 4). Recency is scored on the negated time since the last purchase, so the
 * most recent customers get 5.
 */
public final class RfmScorer {

    /** Scores every customer of the population; the result keeps the population's iteration order. */
    public <K> Map<K, RfmScore> score(Map<K, RfmObservation> population) {
        List<K> keys = new ArrayList<>(population.keySet());
        int n = keys.size();
        double[] recency = new double[n];
        double[] frequency = new double[n];
        double[] monetary = new double[n];
        for (int i = 0; i < n; i++) {
            RfmObservation o = population.get(keys.get(i));
            recency[i] = -o.timeSinceLastPurchase();
            frequency[i] = o.frequency();
            monetary[i] = o.monetary();
        }
        int[] r = quintiles(recency);
        int[] f = quintiles(frequency);
        int[] m = quintiles(monetary);
        Map<K, RfmScore> scores = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            scores.put(keys.get(i), new RfmScore(r[i], f[i], m[i]));
        }
        return scores;
    }

    /** Quintile scores 1..5 of the values, higher value higher score, ties equal. */
    static int[] quintiles(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Double.compare orders -0.0 before 0.0; normalise so they tie.
        Arrays.sort(order, (i, j) -> Double.compare(values[i] + 0.0, values[j] + 0.0));
        int[] scores = new int[n];
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && Double.compare(values[order[end + 1]] + 0.0, values[order[start]] + 0.0) == 0) {
                end++;
            }
            double midRank = (start + end) / 2.0;
            int score = 1 + (int) Math.floor(5.0 * (midRank + 0.5) / n);
            score = Math.max(1, Math.min(5, score));
            for (int k = start; k <= end; k++) {
                scores[order[k]] = score;
            }
            start = end + 1;
        }
        return scores;
    }
}
