package io.rapport.scoring.domain.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatPurchaseSummaryTest {

    private static Purchase on(String day, String amount) {
        return Purchase.on(LocalDate.parse(day), new BigDecimal(amount));
    }

    private static Purchase at(String instant, String amount) {
        return new Purchase(Instant.parse(instant), new BigDecimal(amount));
    }

    @Test
    void firstPurchaseIsNotARepeatAndSameDayPurchasesMerge() {
        List<Purchase> purchases = List.of(
                on("2024-01-01", "100"), // first purchase: excluded from x and the mean
                on("2024-01-08", "10"),
                on("2024-01-08", "20"),
                on("2024-01-22", "60"));

        RepeatPurchaseSummary s =
                RepeatPurchaseSummary.fromPurchases(purchases, LocalDate.parse("2024-01-29"), ClvTimeUnit.WEEKS);

        assertThat(s).isEqualTo(new RepeatPurchaseSummary(2, 3.0, 4.0, 45.0));
    }

    @Test
    void sameDayAsTheFirstPurchaseIsNotARepeat() {
        RepeatPurchaseSummary s = RepeatPurchaseSummary.fromPurchases(
                List.of(on("2024-01-01", "5"), on("2024-01-01", "7")), LocalDate.parse("2024-01-01"), ClvTimeUnit.DAYS);

        assertThat(s).isEqualTo(new RepeatPurchaseSummary(0, 0, 0, 0));
    }

    @Test
    void purchasesAfterTheObservationDayAreIgnoredAndOrderDoesNotMatter() {
        List<Purchase> purchases =
                List.of(on("2024-03-01", "999"), on("2024-01-11", "30"), on("2024-01-01", "1"), on("2024-01-31", "10"));

        RepeatPurchaseSummary s =
                RepeatPurchaseSummary.fromPurchases(purchases, LocalDate.parse("2024-01-31"), ClvTimeUnit.DAYS);

        assertThat(s).isEqualTo(new RepeatPurchaseSummary(2, 30, 30, 20));
    }

    @Test
    void instantsAreGroupedByUtcDayAndAgeRunsToTheObservationInstant() {
        List<Purchase> purchases = List.of(
                at("2024-01-01T23:30:00Z", "10"),
                at("2024-01-02T00:30:00Z", "20"), // next UTC day: a repeat
                at("2024-01-02T23:59:00Z", "5"), // same UTC day as the previous one
                at("2024-01-03T13:00:00Z", "99")); // after the observation instant

        RepeatPurchaseSummary s =
                RepeatPurchaseSummary.fromPurchases(purchases, Instant.parse("2024-01-03T12:00:00Z"), ClvTimeUnit.DAYS);

        assertThat(s.x()).isEqualTo(1);
        assertThat(s.tx()).isEqualTo(1.0);
        assertThat(s.T()).isCloseTo(2.5, within(1e-12));
        assertThat(s.meanRepeatValue()).isEqualTo(25.0);
    }

    @Test
    void noPurchaseBeforeTheObservationIsRejected() {
        assertThatThrownBy(() -> RepeatPurchaseSummary.fromPurchases(
                        List.of(on("2024-02-01", "5")), LocalDate.parse("2024-01-01"), ClvTimeUnit.DAYS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        RepeatPurchaseSummary.fromPurchases(List.of(), LocalDate.parse("2024-01-01"), ClvTimeUnit.DAYS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsInconsistentSummaries() {
        assertThatThrownBy(() -> new RepeatPurchaseSummary(-1, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RepeatPurchaseSummary(1, 5, 4, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RepeatPurchaseSummary(0, 1, 4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RepeatPurchaseSummary(1, 1, Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
