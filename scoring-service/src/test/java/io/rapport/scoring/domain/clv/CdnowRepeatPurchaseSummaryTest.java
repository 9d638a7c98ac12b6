package io.rapport.scoring.domain.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rebuilds the CDNOW calibration summary from the raw purchases and checks it against the published one. */
class CdnowRepeatPurchaseSummaryTest {

    /**
     * End of calibration. The published T (38.86 weeks for a 1997-01-01 buyer, i.e. 272 days) runs to
     * this date, purchases on it included; measured to midnight after it T would be 39.00.
     */
    private static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);

    private static Map<Integer, RepeatPurchaseSummary> rebuilt;

    @BeforeAll
    static void rebuild() {
        rebuilt = new LinkedHashMap<>();
        CdnowData.rawPurchases()
                .forEach((id, purchases) -> rebuilt.put(
                        id, RepeatPurchaseSummary.fromPurchases(purchases, CALIBRATION_END, ClvTimeUnit.WEEKS)));
    }

    @Test
    void rebuildsTheCohortTotals() {
        assertThat(rebuilt).hasSize(2357);
        assertThat(rebuilt.values().stream().mapToInt(RepeatPurchaseSummary::x).sum())
                .isEqualTo(2457);
        assertThat(rebuilt.values().stream().filter(s -> s.x() > 0).count()).isEqualTo(946);
    }

    @Test
    void rebuildsCustomerOne() {
        RepeatPurchaseSummary one = rebuilt.get(1);
        assertThat(one.x()).isEqualTo(2);
        assertThat(one.tx()).isCloseTo(30.43, within(0.005));
        assertThat(one.T()).isCloseTo(38.86, within(0.005));
        assertThat(one.meanRepeatValue()).isCloseTo(22.35, within(0.005));
    }

    @Test
    void rebuildsEveryPublishedRow() {
        List<CdnowData.Row> published = CdnowData.summaries();
        assertThat(published).hasSize(rebuilt.size());
        for (CdnowData.Row row : published) {
            RepeatPurchaseSummary expected = row.summary();
            RepeatPurchaseSummary actual = rebuilt.get(row.id());
            assertThat(actual.x()).as("x of %d", row.id()).isEqualTo(expected.x());
            assertThat(actual.tx()).as("t_x of %d", row.id()).isCloseTo(expected.tx(), within(0.0051));
            assertThat(actual.T()).as("T of %d", row.id()).isCloseTo(expected.T(), within(0.0051));
            assertThat(actual.meanRepeatValue())
                    .as("zbar of %d", row.id())
                    .isCloseTo(expected.meanRepeatValue(), within(0.0051));
        }
    }
}
