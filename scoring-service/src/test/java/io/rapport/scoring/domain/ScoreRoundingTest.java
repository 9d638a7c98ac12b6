package io.rapport.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The fast rounding of score values gives exactly what rounding their decimal form with BigDecimal gives. */
class ScoreRoundingTest {

    @Property(tries = 5000)
    void anyDouble(@ForAll double v) {
        assertThat(ScoreCalculator.round(v)).isEqualTo(reference(v));
    }

    @Property(tries = 5000)
    void valuesAtAndAroundHalfWayPoints(
            @ForAll @IntRange(min = -10_000_000, max = 10_000_000) int thousandths,
            @ForAll @IntRange(min = -3, max = 3) int ulps) {
        double v = thousandths / 1000.0;
        for (int i = 0; i < Math.abs(ulps); i++) v = ulps > 0 ? Math.nextUp(v) : Math.nextDown(v);
        assertThat(ScoreCalculator.round(v)).as("%s", v).isEqualTo(reference(v));
    }

    @Example
    void edgeValues() {
        for (double v : new double[] {
            0.0, -0.0, 2.675, -2.675, 1.005, 0.125, 0.135, -0.001, 99.995, 100.0, 1e9, -1e12, 1e300, Double.MIN_VALUE
        }) {
            assertThat(ScoreCalculator.round(v)).as("%s", v).isEqualTo(reference(v));
        }
        assertThat(ScoreCalculator.round(Double.NaN)).isNaN();
    }

    private static double reference(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }
}
