package io.rapport.scoring.domain.clv;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximises a log-likelihood over strictly positive parameters by Nelder–Mead in log-parameter
 * space: several starting points, then restarts from the best point with a fresh simplex until a
 * restart no longer improves the optimum (a plain Nelder–Mead run often stalls on the flat ridges
 * of these likelihoods).
 */
final class LogSpaceMaximizer {

    /** Parameters are kept within [e^-LOG_BOUND, e^LOG_BOUND]; outside, the objective is -∞. */
    static final double LOG_BOUND = 15.0;

    private static final int MAX_EVAL_PER_RUN = 20_000;
    private static final int MAX_RESTARTS = 20;
    private static final double RESTART_GAIN = 1e-9;

    record Result(double[] parameters, double logLikelihood, int evaluations, boolean converged) {}

    private LogSpaceMaximizer() {}

    static Result maximize(ToDoubleFunction<double[]> logLikelihood, List<double[]> starts) {
        ToDoubleFunction<double[]> objective = logParams -> {
            double[] params = new double[logParams.length];
            for (int i = 0; i < logParams.length; i++) {
                if (!(Math.abs(logParams[i]) <= LOG_BOUND)) {
                    return Double.NEGATIVE_INFINITY;
                }
                params[i] = Math.exp(logParams[i]);
            }
            double ll = logLikelihood.applyAsDouble(params);
            return Double.isNaN(ll) ? Double.NEGATIVE_INFINITY : ll;
        };
        int evaluations = 0;
        PointValuePair best = null;
        for (double[] start : starts) {
            double[] logStart = new double[start.length];
            for (int i = 0; i < start.length; i++) {
                logStart[i] = Math.log(start[i]);
            }
            Run run = run(objective, logStart, 1.0);
            evaluations += run.evaluations;
            if (run.point != null && (best == null || run.point.getValue() > best.getValue())) {
                best = run.point;
            }
        }
        if (best == null || !Double.isFinite(best.getValue())) {
            throw new IllegalStateException("no starting point gave a finite likelihood");
        }
        boolean converged = false;
        for (int restart = 0; restart < MAX_RESTARTS && !converged; restart++) {
            Run run = run(objective, best.getPoint(), restart % 2 == 0 ? 0.1 : 0.01);
            evaluations += run.evaluations;
            if (run.point == null) {
                continue;
            }
            double gain = run.point.getValue() - best.getValue();
            if (gain > 0) {
                best = run.point;
            }
            converged = run.completed && gain < RESTART_GAIN;
        }
        double[] params = best.getPoint().clone();
        for (int i = 0; i < params.length; i++) {
            params[i] = Math.exp(params[i]);
        }
        return new Result(params, best.getValue(), evaluations, converged);
    }

    private record Run(PointValuePair point, int evaluations, boolean completed) {}

    private static Run run(ToDoubleFunction<double[]> objective, double[] start, double step) {
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-12);
        double[] steps = new double[start.length];
        java.util.Arrays.fill(steps, step);
        try {
            PointValuePair p = optimizer.optimize(
                    new MaxEval(MAX_EVAL_PER_RUN),
                    new ObjectiveFunction(objective::applyAsDouble),
                    GoalType.MAXIMIZE,
                    new InitialGuess(start),
                    new NelderMeadSimplex(steps));
            return new Run(p, optimizer.getEvaluations(), true);
        } catch (TooManyEvaluationsException e) {
            return new Run(null, MAX_EVAL_PER_RUN, false);
        }
    }
}
