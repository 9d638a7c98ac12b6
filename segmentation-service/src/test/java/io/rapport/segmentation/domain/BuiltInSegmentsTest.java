package io.rapport.segmentation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuiltInSegmentsTest {
    private static final SegmentExpressions CEL = new SegmentExpressions();
    private static final List<CompiledSegment> SEGMENTS = BuiltInSegments.definitions(Instant.EPOCH).stream()
            .map(d -> new CompiledSegment(d, CEL.compile(d.expression())))
            .toList();

    private static List<String> rfmSegmentsOf(AccountFacts facts) {
        return MembershipEvaluator.evaluate(facts, SEGMENTS, Set.of()).entered().stream()
                .map(SegmentDefinition::id)
                .filter(id -> id.startsWith("rfm-"))
                .toList();
    }

    @ParameterizedTest(name = "R{0} F{1} M{2} -> {3}")
    @CsvSource({
        "5,5,5,rfm-champions",
        "5,4,4,rfm-champions",
        "5,3,5,rfm-champions", // FM = round(4.0) = 4
        "4,5,5,rfm-loyal",
        "3,4,4,rfm-loyal",
        "5,2,3,rfm-potential-loyalist", // FM = round(2.5) = 3
        "4,2,2,rfm-potential-loyalist",
        "5,1,1,rfm-new",
        "4,1,1,rfm-promising",
        "3,3,3,rfm-need-attention",
        "3,2,1,rfm-about-to-sleep", // FM = round(1.5) = 2
        "2,3,4,rfm-at-risk",
        "1,4,4,rfm-at-risk",
        "2,5,5,rfm-cant-lose-them",
        "1,5,4,rfm-cant-lose-them", // FM = round(4.5) = 5
        "2,2,2,rfm-hibernating",
        "1,2,2,rfm-hibernating",
        "2,1,1,rfm-hibernating",
        "1,1,1,rfm-lost",
        "1,1,2,rfm-hibernating", // FM = round(1.5) = 2
    })
    void assignsExactlyOneRfmSegmentPerHandMadeCase(int r, int f, int m, String expected) {
        assertThat(rfmSegmentsOf(Facts.rfm(r, f, m))).containsExactly(expected);
    }

    @Test
    void theRfmSegmentsPartitionAllOneHundredAndTwentyFiveCombinations() {
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                for (int m = 1; m <= 5; m++) {
                    assertThat(rfmSegmentsOf(Facts.rfm(r, f, m)))
                            .as("R%d F%d M%d", r, f, m)
                            .hasSize(1);
                }
            }
        }
    }

    @Test
    void anAccountWithoutRfmFiguresIsInNoRfmSegment() {
        var facts = AccountFacts.of(Facts.score("acc-norfm", 50, 0, 0, 0, null), ValueThresholds.NONE, List.of());
        assertThat(rfmSegmentsOf(facts)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"85,band-healthy", "55,band-watch", "12,band-at-risk"})
    void scoreBands(double score, String expected) {
        var facts = AccountFacts.of(Facts.score("acc-b", score, 3, 3, 3, null), ValueThresholds.NONE, List.of());
        assertThat(MembershipEvaluator.evaluate(facts, SEGMENTS, Set.of()).entered())
                .extracting(SegmentDefinition::id)
                .filteredOn(id -> id.startsWith("band-"))
                .containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "1000.00,value-strategic",
        "950.00,value-strategic",
        "949.00,value-key",
        "800.00,value-key",
        "300.00,value-core",
        "299.99,value-tail",
        "0,value-tail"
    })
    void valueTiersFollowThePredictedValuePercentiles(String predicted, String expected) {
        double[] base = new double[1000];
        for (int i = 0; i < base.length; i++) {
            base[i] = i + 1; // 1 .. 1000
        }
        ValueThresholds thresholds = ValueThresholds.fromSorted(base);
        assertThat(thresholds.strategic()).isEqualTo(950.0);
        assertThat(thresholds.key()).isEqualTo(800.0);
        assertThat(thresholds.core()).isEqualTo(300.0);
        var facts = AccountFacts.of(Facts.score("acc-v", 50, 3, 3, 3, predicted), thresholds, List.of());
        assertThat(MembershipEvaluator.evaluate(facts, SEGMENTS, Set.of()).entered())
                .extracting(SegmentDefinition::id)
                .filteredOn(id -> id.startsWith("value-"))
                .containsExactly(expected);
    }

    @Test
    void evaluationReportsEntriesExitsAndStays() {
        var facts = Facts.rfm(5, 5, 5);
        var changes = MembershipEvaluator.evaluate(facts, SEGMENTS, Set.of("rfm-lost", "rfm-champions"));
        assertThat(changes.left()).extracting(SegmentDefinition::id).containsExactly("rfm-lost");
        assertThat(changes.stayed()).extracting(SegmentDefinition::id).contains("rfm-champions");
        assertThat(changes.entered()).extracting(SegmentDefinition::id).doesNotContain("rfm-champions");
    }
}
