package io.rapport.scoring.domain.clv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.special.Beta;

/** Fits a {@link BgNbdModel} to a customer base by maximum likelihood. */
public final class BgNbdFitter {

    /** Fits r, α, a, b to the summaries (in the time unit they were built in). */
    public FittedBgNbd fit(List<RepeatPurchaseSummary> summaries) {
        if (summaries.isEmpty()) {
            throw new IllegalArgumentException("cannot fit a model to no customers");
        }
        // Customers with the same (x, tx, T) contribute identical terms: evaluate each once.
        Map<List<Double>, Integer> counts = new LinkedHashMap<>();
        for (RepeatPurchaseSummary s : summaries) {
            counts.merge(List.of((double) s.x(), s.tx(), s.T()), 1, Integer::sum);
        }
        int n = counts.size();
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] age = new double[n];
        double[] weight = new double[n];
        int i = 0;
        for (Map.Entry<List<Double>, Integer> e : counts.entrySet()) {
            x[i] = e.getKey().get(0).intValue();
            tx[i] = e.getKey().get(1);
            age[i] = e.getKey().get(2);
            weight[i] = e.getValue();
            i++;
        }
        LogSpaceMaximizer.Result result = LogSpaceMaximizer.maximize(
                p -> logLikelihood(p[0], p[1], p[2], p[3], x, tx, age, weight), startingPoints(summaries));
        double[] p = result.parameters();
        return new FittedBgNbd(
                new BgNbdModel(p[0], p[1], p[2], p[3]),
                result.logLikelihood(),
                summaries.size(),
                result.evaluations(),
                result.converged());
    }

    private static double logLikelihood(
            double r, double alpha, double a, double b, int[] x, double[] tx, double[] age, double[] weight) {
        BgNbdModel model = new BgNbdModel(r, alpha, a, b);
        double logBetaAB = Beta.logBeta(a, b);
        double sum = 0.0;
        for (int i = 0; i < x.length; i++) {
            sum += weight[i] * model.logLikelihood(x[i], tx[i], age[i], logBetaAB);
        }
        return sum;
    }

    /** A data-driven start (rate from mean frequency and age) plus fixed ones spanning typical shapes. */
    private static List<double[]> startingPoints(List<RepeatPurchaseSummary> summaries) {
        double meanX = summaries.stream()
                .mapToDouble(RepeatPurchaseSummary::x)
                .average()
                .orElse(0);
        double meanT = summaries.stream()
                .mapToDouble(RepeatPurchaseSummary::T)
                .average()
                .orElse(1);
        double rate = Math.max(meanX, 0.1) / Math.max(meanT, 1e-3);
        List<double[]> starts = new ArrayList<>();
        starts.add(new double[] {1.0, 1.0 / rate, 1.0, 1.0});
        starts.add(new double[] {0.5, 0.5 / rate, 0.5, 2.0});
        starts.add(new double[] {1.0, 1.0, 1.0, 1.0});
        starts.add(new double[] {0.1, 0.1, 0.1, 0.1});
        return starts;
    }
}
