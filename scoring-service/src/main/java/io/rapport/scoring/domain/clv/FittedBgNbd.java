package io.rapport.scoring.domain.clv;

/**
 * A BG/NBD model fitted by maximum likelihood.
 *
 * @param model the estimated parameters
 * @param logLikelihood the maximised total log-likelihood
 * @param customers how many customers the fit used
 * @param evaluations how many likelihood evaluations the optimiser made
 * @param converged whether the final restart of the optimiser no longer improved the optimum
 */
public record FittedBgNbd(BgNbdModel model, double logLikelihood, int customers, int evaluations, boolean converged) {}
