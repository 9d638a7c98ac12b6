package io.rapport.scoring.domain.clv;

/**
 * A Gamma-Gamma model fitted by maximum likelihood.
 *
 * @param model the estimated parameters
 * @param logLikelihood the maximised log-likelihood
 * @param customers how many customers (x &gt; 0, positive spend) the fit used
 * @param evaluations how many likelihood evaluations the optimiser made
 * @param converged whether the final restart of the optimiser no longer improved the optimum
 */
public record FittedGammaGamma(
        GammaGammaModel model, double logLikelihood, int customers, int evaluations, boolean converged) {}
