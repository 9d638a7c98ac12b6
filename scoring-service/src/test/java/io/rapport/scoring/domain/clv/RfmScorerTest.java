package io.rapport.scoring.domain.clv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RfmScorerTest {

    static Stream<Arguments> populations() {
        return Stream.of(
                Arguments.of("ten distinct", new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new int[] {
                    1, 1, 2, 2, 3, 3, 4, 4, 5, 5
                }),
                Arguments.of("five, descending input", new double[] {50, 40, 30, 20, 10}, new int[] {5, 4, 3, 2, 1}),
                Arguments.of("one customer", new double[] {7}, new int[] {3}),
                Arguments.of("two customers", new double[] {1, 2}, new int[] {2, 4}),
                Arguments.of("three customers", new double[] {3, 1, 2}, new int[] {5, 1, 3}),
                Arguments.of("four customers", new double[] {1, 2, 3, 4}, new int[] {1, 2, 4, 5}),
                Arguments.of("all equal", new double[] {4, 4, 4, 4, 4, 4}, new int[] {3, 3, 3, 3, 3, 3}),
                Arguments.of("a block of ties", new double[] {0, 0, 0, 0, 0, 0, 1, 2, 3, 4}, new int[] {
                    2, 2, 2, 2, 2, 2, 4, 4, 5, 5
                }),
                Arguments.of("ties across a boundary", new double[] {1, 2, 2, 3, 4}, new int[] {1, 3, 3, 4, 5}),
                Arguments.of("signed zero ties", new double[] {-0.0, 0.0, 1}, new int[] {2, 2, 5}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("populations")
    void scoresQuintiles(String name, double[] values, int[] expected) {
        assertThat(RfmScorer.quintiles(values)).containsExactly(expected);
    }

    @Test
    void moreRecentCustomersScoreHigherOnRecency() {
        Map<String, RfmObservation> population = new LinkedHashMap<>();
        population.put("lapsed", new RfmObservation(300, 1, 10));
        population.put("recent", new RfmObservation(2, 9, 500));
        population.put("middling", new RfmObservation(40, 4, 80));

        Map<String, RfmScore> scores = new RfmScorer().score(population);

        assertThat(scores)
                .containsExactly(
                        Map.entry("lapsed", new RfmScore(1, 1, 1)),
                        Map.entry("recent", new RfmScore(5, 5, 5)),
                        Map.entry("middling", new RfmScore(3, 3, 3)));
    }

    @Test
    void scoresDoNotDependOnInputOrder() {
        Map<Integer, RfmObservation> forward = new LinkedHashMap<>();
        Map<Integer, RfmObservation> backward = new LinkedHashMap<>();
        for (int i = 0; i < 23; i++) {
            forward.put(i, new RfmObservation(i % 7, i % 4, i * 1.5));
        }
        for (int i = 22; i >= 0; i--) {
            backward.put(i, forward.get(i));
        }
        Map<Integer, RfmScore> a = new RfmScorer().score(forward);
        Map<Integer, RfmScore> b = new RfmScorer().score(backward);
        for (int i = 0; i < 23; i++) {
            assertThat(a.get(i)).as("customer %d", i).isEqualTo(b.get(i));
        }
    }

    @Test
    void emptyPopulationHasNoScores() {
        assertThat(new RfmScorer().score(Map.of())).isEmpty();
    }

    @Test
    void observationFromASummaryUsesTimeSinceTheLastPurchase() {
        RfmObservation o = RfmObservation.of(new RepeatPurchaseSummary(2, 30.43, 38.86, 22.35));
        assertThat(o.timeSinceLastPurchase()).isEqualTo(38.86 - 30.43);
        assertThat(o.frequency()).isEqualTo(2);
        assertThat(o.monetary()).isEqualTo(22.35);
    }
}
