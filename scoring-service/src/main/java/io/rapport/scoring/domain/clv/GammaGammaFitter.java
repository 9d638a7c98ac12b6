package io.rapport.scoring.domain.clv;

import java.util.List;

/** Fits a {@link GammaGammaModel} by maximum likelihood to the customers with repeat purchases. */
public final class GammaGammaFitter {

    /** Fits p, q, γ on the summaries with x &gt; 0 and positive mean repeat value; others are ignored. */
    public FittedGammaGamma fit(List<RepeatPurchaseSummary> summaries) {
        List<RepeatPurchaseSummary> buyers =
                summaries.stream().filter(GammaGammaModel::appliesTo).toList();
        if (buyers.isEmpty()) {
            throw new IllegalArgumentException("no customer with a repeat purchase to fit spend on");
        }
        int[] x = buyers.stream().mapToInt(RepeatPurchaseSummary::x).toArray();
        double[] zbar = buyers.stream()
                .mapToDouble(RepeatPurchaseSummary::meanRepeatValue)
                .toArray();
        double meanSpend = java.util.Arrays.stream(zbar).average().orElse(1.0);
        List<double[]> starts = List.of(
                new double[] {1.0, 1.0, 1.0}, new double[] {2.0, 3.0, meanSpend}, new double[] {5.0, 5.0, meanSpend / 2
                });
        LogSpaceMaximizer.Result result = LogSpaceMaximizer.maximize(
                p -> {
                    GammaGammaModel model = new GammaGammaModel(p[0], p[1], p[2]);
                    double sum = 0.0;
                    for (int i = 0; i < x.length; i++) {
                        sum += model.logLikelihood(x[i], zbar[i]);
                    }
                    return sum;
                },
                starts);
        double[] p = result.parameters();
        return new FittedGammaGamma(
                new GammaGammaModel(p[0], p[1], p[2]),
                result.logLikelihood(),
                buyers.size(),
                result.evaluations(),
                result.converged());
    }
}
