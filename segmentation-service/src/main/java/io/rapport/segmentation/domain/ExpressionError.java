package io.rapport.segmentation.domain;

/** One problem in a segment expression, at a 1-based line and column. */
public record ExpressionError(int line, int column, String message) {}
