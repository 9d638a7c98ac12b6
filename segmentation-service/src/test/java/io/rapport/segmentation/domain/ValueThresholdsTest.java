package io.rapport.segmentation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The value-tier cut-offs: nearest-rank percentiles of the base's predicted values, and the tier of a value. */
class ValueThresholdsTest {

    @ParameterizedTest(name = "{0} -> strategic {1}, key {2}, core {3}")
    @CsvSource({
        // base (ascending),            strategic, key, core
        "500,                           500,  500,  500",
        "10 20 30,                      30,   30,   10", // ranks ceil(2.85)=3, ceil(2.4)=3, ceil(0.9)=1
        "100 200 300 400 500 600 700,   700,  600,  300", // ranks 7, 6, 3
        "1 1 1 1 1 1 1 1 1 5,           5,    1,    1", // ties: rank 10, 8, 3
        "-3 -2 -1 0,                    0,    0,    -2", // ranks 4, 4, 2
    })
    void cutOffsAreTheNearestRankPercentiles(String base, double strategic, double key, double core) {
        double[] values = Arrays.stream(base.trim().split(" +"))
                .mapToDouble(Double::parseDouble)
                .toArray();
        assertThat(ValueThresholds.fromSorted(values))
                .isEqualTo(new ValueThresholds(strategic, key, core, values.length));
    }

    @ParameterizedTest(name = "100, 200, ... {0} x 100 -> {1}, {2}, {3}")
    @CsvSource({
        "20,      1900,    1600,    600",
        "40,      3800,    3200,    1200",
        "1000,    95000,   80000,   30000",
        "100001,  9500100, 8000100, 3000100", // ceil(95000.95), ceil(80000.8), ceil(30000.3)
    })
    void cutOffsOverAnEvenlySpreadBase(int n, double strategic, double key, double core) {
        double[] values =
                IntStream.rangeClosed(1, n).mapToDouble(i -> i * 100.0).toArray();
        assertThat(ValueThresholds.fromSorted(values)).isEqualTo(new ValueThresholds(strategic, key, core, n));
    }

    @Test
    void anEmptyBaseHasNoCutOffsAndEveryValuedAccountIsCore() {
        assertThat(ValueThresholds.fromSorted(new double[0])).isEqualTo(ValueThresholds.NONE);
        assertThat(ValueThresholds.NONE.tierOf(-1.0)).isEqualTo("core");
        assertThat(ValueThresholds.NONE.tierOf(0.0)).isEqualTo("core");
        assertThat(ValueThresholds.NONE.tierOf(1e12)).isEqualTo("core");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1e9,     strategic",
        "1900.0,  strategic", // a cut-off belongs to the tier above it
        "1899.99, key",
        "1600.0,  key",
        "1599.99, core",
        "600.0,   core",
        "599.99,  tail",
        "0.0,     tail",
        "-5.0,    tail",
    })
    void aValueFallsInTheHighestTierWhoseCutOffItReaches(double value, String tier) {
        assertThat(new ValueThresholds(1900, 1600, 600, 20).tierOf(value)).isEqualTo(tier);
    }

    @Test
    void aValueWithoutClvFiguresHasNoTier() {
        assertThat(new ValueThresholds(1900, 1600, 600, 20).tierOf(null)).isEmpty();
    }
}
