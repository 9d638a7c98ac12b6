package io.rapport.scoring.domain.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HypergeometricTest {

    static Stream<Arguments> knownValues() {
        return Stream.of(
                // 2F1(1,1;2;z) = -ln(1-z)/z: plain series, Pfaff branch (z < -0.5), integer c-a-b near 1.
                Arguments.of("log series", 1.0, 1.0, 2.0, 0.5, 2 * Math.log(2)),
                Arguments.of("log series, z < 0", 1.0, 1.0, 2.0, -0.4, Math.log(1.4) / 0.4),
                Arguments.of("log series, Pfaff", 1.0, 1.0, 2.0, -3.0, Math.log(4) / 3),
                Arguments.of("log series, integer c-a-b near 1", 1.0, 1.0, 2.0, 0.999, -Math.log(0.001) / 0.999),
                // 2F1(a,b;b;z) = (1-z)^-a: connection formula near z = 1.
                Arguments.of("binomial near 1", 0.5, 1.7, 1.7, 0.97, Math.pow(0.03, -0.5)),
                Arguments.of(
                        "binomial, beyond the quick series", 0.5, 1.7, 1.7, 1 - 1e-8, Math.pow(1 - (1 - 1e-8), -0.5)),
                Arguments.of("binomial", 2.5, 0.3, 0.3, 0.6, Math.pow(0.4, -2.5)),
                // 2F1(1/2,1/2;3/2;z^2) = asin(z)/z.
                Arguments.of("arcsine near 1", 0.5, 0.5, 1.5, 0.99 * 0.99, Math.asin(0.99) / 0.99),
                // Gauss's theorem: Γ(3)Γ(1)/(Γ(2)Γ(2)) = 2.
                Arguments.of("Gauss at z = 1", 1.0, 1.0, 3.0, 1.0, 2.0),
                // Terminating: 1 - 1.5 z + 0.6 z^2.
                Arguments.of("polynomial", -2.0, 3.0, 4.0, 0.7, 1 - 1.5 * 0.7 + 0.6 * 0.49),
                Arguments.of("z = 0", 3.3, 4.4, 5.5, 0.0, 1.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("knownValues")
    void matchesClosedForms(String name, double a, double b, double c, double z, double expected) {
        assertThat(Hypergeometric.hyp2f1(a, b, c, z)).isCloseTo(expected, withinPercentage(1e-9));
    }

    @ParameterizedTest(name = "z = {0}")
    @MethodSource("zNearOne")
    void connectionFormulaAgreesWithTheSeries(double z) {
        // c - a - b = 0.45, not an integer: the 1 - z connection formula applies.
        double viaConnection = Hypergeometric.connection(0.3, 1.25, 2.0, z);
        double viaSeries = Hypergeometric.series(0.3, 1.25, 2.0, z, 5_000_000, true);
        assertThat(viaConnection).isCloseTo(viaSeries, withinPercentage(1e-9));
    }

    static Stream<Double> zNearOne() {
        return Stream.of(0.91, 0.95, 0.99, 0.999);
    }

    @ParameterizedTest(name = "a-b integer offset {0}")
    @MethodSource("integerOffsets")
    void integerCMinusAMinusBNearOneIsContinuous(double offset) {
        // c - a - b = -1 + offset: the limit of the connection formula must match the series.
        double a = 1.0;
        double b = 2.0;
        double c = 2.0 + offset;
        double z = 0.95;
        assertThat(Hypergeometric.hyp2f1(a, b, c, z))
                .isCloseTo(Hypergeometric.series(a, b, c, z, 5_000_000, true), withinPercentage(1e-6));
    }

    static Stream<Double> integerOffsets() {
        return Stream.of(0.0, 1e-9, 1e-5, 2e-3);
    }

    @org.junit.jupiter.api.Test
    void takesTheLimitWhenTheSeriesIsTooSlowAndCMinusAMinusBIsAnInteger() {
        double z = 1 - 1e-7; // beyond the series' term budget, c - a - b = 0
        // The symmetric limit is accurate to O(step^2) times a second derivative of order log(1-z)^2.
        assertThat(Hypergeometric.hyp2f1(1.0, 1.0, 2.0, z)).isCloseTo(-Math.log1p(-z) / z, withinPercentage(1e-4));
    }

    @ParameterizedTest(name = "c = {0}")
    @MethodSource("poles")
    void rejectsPolesAndDivergence(double c, double z, Class<? extends Throwable> error) {
        assertThatThrownBy(() -> Hypergeometric.hyp2f1(1.0, 1.5, c, z)).isInstanceOf(error);
    }

    static Stream<Arguments> poles() {
        return Stream.of(
                Arguments.of(-1.0, 0.3, ArithmeticException.class),
                Arguments.of(0.0, 0.3, ArithmeticException.class),
                Arguments.of(2.0, 1.0, IllegalArgumentException.class),
                Arguments.of(3.0, 1.2, IllegalArgumentException.class));
    }
}
