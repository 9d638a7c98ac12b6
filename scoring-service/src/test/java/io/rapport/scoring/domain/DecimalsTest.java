package io.rapport.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class DecimalsTest {

    @Property(tries = 2000)
    void formatsExactlyAsStringFormat(@ForAll double v, @ForAll @IntRange(min = 0, max = 3) int decimals) {
        assertThat(Decimals.fixed(v, decimals)).isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", v));
        assertThat(Decimals.signed(v, decimals)).isEqualTo(String.format(Locale.ROOT, "%+." + decimals + "f", v));
    }

    @Property(tries = 2000)
    void formatsScoreLikeValuesExactlyAsStringFormat(
            @ForAll @IntRange(min = -1_000_000, max = 1_000_000) int hundredths,
            @ForAll @IntRange(min = 0, max = 2) int decimals) {
        double v = hundredths / 100.0 + (hundredths % 7) * 0.0005;
        assertThat(Decimals.fixed(v, decimals)).isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", v));
        assertThat(Decimals.signed(v, decimals)).isEqualTo(String.format(Locale.ROOT, "%+." + decimals + "f", v));
    }

    @Example
    void edgeValues() {
        for (double v : new double[] {
            0.0,
            -0.0,
            -0.3,
            0.5,
            1.5,
            2.5,
            -2.5,
            0.125,
            0.005,
            1e20,
            -1e-20,
            Double.MAX_VALUE,
            Double.MIN_VALUE,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY
        }) {
            for (int d = 0; d <= 2; d++) {
                assertThat(Decimals.fixed(v, d))
                        .as("%s %d", v, d)
                        .isEqualTo(String.format(Locale.ROOT, "%." + d + "f", v));
                assertThat(Decimals.signed(v, d))
                        .as("%s %d", v, d)
                        .isEqualTo(String.format(Locale.ROOT, "%+." + d + "f", v));
            }
        }
    }
}
