package io.rapport.scoring.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.Severity;
import io.rapport.common.event.SurveyKind;
import io.rapport.scoring.domain.AccountState;
import io.rapport.scoring.domain.AccountState.Amount;
import io.rapport.scoring.domain.AccountState.DailySignals;
import io.rapport.scoring.domain.AccountState.Signal;
import io.rapport.scoring.domain.RandomEventStreams;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class PackedAccountStateTest {

    @Property(tries = 200)
    void anyFoldedStateComesBackEqualAndEncodesToTheSameBytesAgain(
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 200) int size) {
        Random random = new Random(seed);
        List<RapportEvent> events =
                RandomEventStreams.withDuplicatesShuffled(random, RandomEventStreams.randomEvents(random, size));
        for (AccountState state : RandomEventStreams.foldByAccount(events).values()) {
            byte[] packed = PackedAccountState.pack(state);
            AccountState back = PackedAccountState.unpack(packed);

            assertThat(back).isEqualTo(state);
            assertThat(back.hashCode()).isEqualTo(state.hashCode());
            assertThat(PackedAccountState.pack(back)).isEqualTo(packed);
        }
    }

    @Example
    void edgeValuesComeBackExactly() {
        AccountState state = AccountState.of(
                "acc-ünï-😀",
                new AccountState.AccountProfile(
                        "evt-1",
                        Instant.parse("1969-12-31T23:59:59.999999999Z"),
                        "Ünïcode Ltd 😀",
                        AccountKind.PARTNER,
                        null,
                        "emea",
                        null,
                        "team-a",
                        List.of("c-1", "c-2"),
                        List.of()),
                Map.of(
                        LocalDate.of(1900, 1, 1),
                        new DailySignals(
                                Map.of(Signal.INBOUND, Long.MAX_VALUE, Signal.DELIVERY_DAYS_LATE, -3L),
                                Map.of(
                                        Amount.ORDER_VALUE, new BigDecimal("123456789012345678901234567890.123"),
                                        Amount.REFUNDS, new BigDecimal("1E+3")),
                                new TreeSet<>(Set.of("c-1", "c-😀")),
                                new java.util.TreeMap<>(Map.of("api.calls$", new BigDecimal("-0.000")))),
                        LocalDate.of(2026, 6, 1),
                        new DailySignals(
                                Map.of(Signal.ORDERS, 1L), Map.of(), new TreeSet<>(), new java.util.TreeMap<>())),
                Map.of("s-1", new AccountState.Survey(Instant.EPOCH, SurveyKind.NPS, 0, null)),
                Map.of(
                        "inv-1",
                        new AccountState.Invoice(
                                "evt-2", Instant.parse("2026-01-01T00:00:00Z"), new BigDecimal("0.01"), "EUR", null)),
                Map.of("p-1", new AccountState.Payment(Instant.parse("2026-01-02T00:00:00Z"), null, BigDecimal.ONE)),
                Map.of(
                        "k-1",
                        new AccountState.Contract(
                                "evt-3",
                                Instant.parse("2026-01-03T00:00:00Z"),
                                new BigDecimal(Long.MIN_VALUE),
                                LocalDate.of(2026, 1, 1),
                                LocalDate.of(2027, 12, 31))),
                Map.of(
                        "k-1",
                        new AccountState.RenewalNotice(
                                "evt-4", Instant.parse("2026-02-01T00:00:00Z"), null, LocalDate.of(2027, 12, 1))),
                Map.of(
                        "t-1",
                        new AccountState.TicketMark("evt-5", Instant.parse("2026-03-01T00:00:00Z"), Severity.HIGH)),
                Map.of("t-1", new AccountState.TicketMark("evt-6", Instant.parse("2026-03-02T00:00:00Z"), null)),
                List.of("EUR", "USD"),
                null,
                Instant.MAX,
                Instant.MIN,
                Map.of(
                        LocalDate.of(2026, 6, 1),
                        List.of("evt-1", "evt-10", "evt-2", "x", "😀a", "😀b", "\uD83D\uDE00"),
                        LocalDate.of(2026, 6, 2),
                        List.of("", "evt-1")));

        byte[] packed = PackedAccountState.pack(state);

        assertThat(PackedAccountState.unpack(packed)).isEqualTo(state);
        assertThat(PackedAccountState.unpack(packed)
                        .days()
                        .get(LocalDate.of(1900, 1, 1))
                        .amount(Amount.REFUNDS))
                .hasToString("1E+3");
    }

    @Example
    void aLongHistoryPacksIntoAFractionOfItsBsonDocument() {
        Random random = new Random(7);
        AccountState state = RandomEventStreams.foldByAccount(RandomEventStreams.randomEvents(random, 600))
                .values()
                .iterator()
                .next();

        int packed = PackedAccountState.pack(state).length;
        int bson = AccountStateMapper.toBinary(state).getData().length;

        assertThat(packed).isLessThan(bson / 2);
    }

    @Example
    void anUnknownFormatOrTrailingBytesAreRefusedRatherThanMisread() {
        AccountState state = AccountState.empty("acc-1");
        byte[] packed = PackedAccountState.pack(state);
        byte[] otherFormat = packed.clone();
        otherFormat[0] = 9;
        byte[] trailing = java.util.Arrays.copyOf(packed, packed.length + 1);

        assertThatThrownBy(() -> PackedAccountState.unpack(otherFormat)).hasMessageContaining("format 9");
        assertThatThrownBy(() -> PackedAccountState.unpack(trailing)).hasMessageContaining("1 bytes left");
    }
}
