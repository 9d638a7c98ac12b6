package io.rapport.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Direction;
import io.rapport.common.event.RapportEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Guards the fold's contract: any arrival order, with duplicates, gives the state (and the score) of
 * folding each unique event once in event-time order.
 */
class AccountStateFoldTest {

    static final Instant BASE = RandomEventStreams.BASE;

    @Property(tries = 200)
    void anyArrivalOrderWithDuplicatesEqualsTheEventTimeFoldOfUniqueEvents(
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 150) int size) {
        Random random = new Random(seed);
        List<RapportEvent> unique = RandomEventStreams.randomEvents(random, size);
        List<RapportEvent> arrivals = RandomEventStreams.withDuplicatesShuffled(random, unique);
        Instant now = BASE.plus(Duration.ofHours(random.nextInt(24 * 400)));

        Map<String, AccountState> folded = RandomEventStreams.foldByAccount(arrivals);
        List<RapportEvent> inEventTime = new ArrayList<>(unique);
        inEventTime.sort(Comparator.comparing(RapportEvent::occurredAt).thenComparing(RapportEvent::eventId));
        Map<String, AccountState> reference = RandomEventStreams.foldByAccount(inEventTime);

        assertThat(folded).isEqualTo(reference);
        for (String account : reference.keySet()) {
            AccountState expected = reference.get(account);
            AccountState actual = folded.get(account);
            assertThat(actual.hashCode()).isEqualTo(expected.hashCode());
            ScoringPolicy policy = ScoringPolicy.defaultsFor(expected.kind());
            ClvInputs clv = random.nextBoolean() ? null : new ClvInputs(0.7, new java.math.BigDecimal("5000.00"));
            assertThat(ScoreCalculator.score(actual, now, policy, clv))
                    .isEqualTo(ScoreCalculator.score(expected, now, policy, clv));
            long uniqueForAccount =
                    unique.stream().filter(e -> e.accountId().equals(account)).count();
            assertThat(actual.appliedEventCount()).isEqualTo(uniqueForAccount);
        }
    }

    @Property(tries = 200)
    void pruningInterleavedWithAppliesEqualsFoldingEverythingThenPruningOnce(
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 150) int size) {
        Random random = new Random(seed);
        List<RapportEvent> unique = RandomEventStreams.randomEvents(random, size);
        List<RapportEvent> arrivals = RandomEventStreams.withDuplicatesShuffled(random, unique);
        int retention = 120 + random.nextInt(300);
        Instant finalNow = BASE.plus(Duration.ofDays(random.nextInt(500)));

        Map<String, AccountState> interleaved = new LinkedHashMap<>();
        Instant pruneNow = BASE.minus(Duration.ofDays(400));
        for (RapportEvent e : arrivals) {
            interleaved.merge(e.accountId(), AccountState.empty(e.accountId()).apply(e), (s, ignored) -> s.apply(e));
            if (random.nextInt(10) == 0) {
                // Earlier prunes use non-decreasing instants no later than the final one.
                long room = Duration.between(pruneNow, finalNow).toHours();
                pruneNow = room <= 0 ? finalNow : pruneNow.plus(Duration.ofHours((long) (random.nextDouble() * room)));
                Instant at = pruneNow;
                interleaved.replaceAll((k, s) -> s.prunedAt(at, retention));
            }
        }
        interleaved.replaceAll((k, s) -> s.prunedAt(finalNow, retention));

        Map<String, AccountState> once = RandomEventStreams.foldByAccount(unique);
        once.replaceAll((k, s) -> s.prunedAt(finalNow, retention));
        assertThat(interleaved).isEqualTo(once);
    }

    @Example
    void pruningWithNothingBeforeTheHorizonKeepsTheVerySameState() {
        Events ev = new Events("acc-1");
        AccountState s = AccountState.empty("acc-1")
                .applyAll(List.of(
                        ev.order(BASE, "o-1", "10"), ev.invoice(BASE, "inv-1", "10", LocalDate.of(2026, 7, 1))));

        assertThat(s.prunedAt(BASE.plus(Duration.ofDays(30)), 365)).isSameAs(s);
        AccountState pruned = s.prunedAt(BASE.plus(Duration.ofDays(400)), 365);
        assertThat(pruned).isNotSameAs(s);
        assertThat(pruned.days()).isEmpty();
        assertThat(pruned.invoices()).isEmpty();
    }

    @Example
    void duplicateIsIgnoredAndLeavesTheVerySameState() {
        Events ev = new Events("acc-1");
        RapportEvent order = ev.order(BASE, "o-1", "100.00");
        AccountState once = AccountState.empty("acc-1").apply(order);
        assertThat(once.apply(order)).isSameAs(once);
    }

    @Example
    void amountsAreExactAndOrderFreeEvenAcrossScales() {
        Events ev = new Events("acc-1");
        RapportEvent a = ev.order(BASE, "o-1", "0.1");
        RapportEvent b = ev.order(BASE.plusSeconds(1), "o-2", "0.20");
        RapportEvent c = ev.order(BASE.plusSeconds(2), "o-3", "0.3000");
        AccountState abc = AccountState.empty("acc-1").applyAll(List.of(a, b, c));
        AccountState cba = AccountState.empty("acc-1").applyAll(List.of(c, b, a));
        assertThat(abc).isEqualTo(cba);
        LocalDate day = AccountState.dayOf(BASE);
        assertThat(abc.amount(AccountState.Amount.ORDER_VALUE, day, day)).isEqualTo("0.6000");
    }

    @Example
    void latestAccountAttributesWinByEventTimeThenEventId() {
        Events ev = new Events("acc-1");
        RapportEvent older = ev.account(BASE, AccountKind.CUSTOMER, "gold");
        RapportEvent tieLow = ev.account(BASE.plusSeconds(60), AccountKind.PARTNER, "silver");
        RapportEvent tieHigh = ev.account(BASE.plusSeconds(60), AccountKind.SUPPLIER, "bronze");
        AccountState s = AccountState.empty("acc-1").applyAll(List.of(tieHigh, older, tieLow));
        // Event ids end in -2 and -3: the larger id wins the tie.
        assertThat(s.profile().tier()).isEqualTo("bronze");
        assertThat(s.kind()).isEqualTo(AccountKind.SUPPLIER);
    }

    @Example
    void rejectsAnotherAccountsEvent() {
        RapportEvent e = new Events("acc-2").order(BASE, "o-1", "1");
        assertThatThrownBy(() -> AccountState.empty("acc-1").apply(e))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acc-2");
    }

    @Example
    void roundTripsThroughItsDocumentShape() {
        Random random = new Random(42);
        List<RapportEvent> events = RandomEventStreams.randomEvents(random, 120);
        for (AccountState s : RandomEventStreams.foldByAccount(events).values()) {
            assertThat(copyOf(s)).isEqualTo(s);
        }
    }

    @Property(tries = 200)
    void foldingBatchesEqualsApplyingEventByEventAndLeavesEarlierStatesAlone(
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 150) int size) {
        Random random = new Random(seed);
        List<RapportEvent> arrivals =
                RandomEventStreams.withDuplicatesShuffled(random, RandomEventStreams.randomEvents(random, size));
        Map<String, AccountState> oneByOne = RandomEventStreams.foldByAccount(arrivals);
        Map<String, List<RapportEvent>> byAccount = new LinkedHashMap<>();
        for (RapportEvent e : arrivals)
            byAccount.computeIfAbsent(e.accountId(), k -> new ArrayList<>()).add(e);

        for (Map.Entry<String, List<RapportEvent>> account : byAccount.entrySet()) {
            List<RapportEvent> events = account.getValue();
            AccountState state = AccountState.empty(account.getKey());
            int from = 0;
            while (from < events.size()) {
                // Batches of random size, as polls cut an account's events.
                List<RapportEvent> batch = events.subList(from, Math.min(events.size(), from + 1 + random.nextInt(20)));
                AccountState before = state;
                AccountState beforeCopy = copyOf(before);
                AccountState expected = before;
                int applied = 0;
                String last = null;
                for (RapportEvent e : batch) {
                    AccountState next = expected.apply(e);
                    if (next != expected) {
                        applied++;
                        last = e.eventId();
                    }
                    expected = next;
                }

                AccountState.Folded folded = before.fold(batch);

                assertThat(folded.state()).isEqualTo(expected);
                assertThat(folded.applied()).isEqualTo(applied);
                assertThat(folded.duplicates()).isEqualTo(batch.size() - applied);
                assertThat(folded.lastAppliedEventId()).isEqualTo(last);
                if (applied == 0) assertThat(folded.state()).isSameAs(before);
                assertThat(before).isEqualTo(beforeCopy);
                state = folded.state();
                from += batch.size();
            }
            assertThat(state).isEqualTo(oneByOne.get(account.getKey()));
        }
    }

    @Example
    void aFoldedStateCannotBeChangedThroughItsAccessors() {
        Events ev = new Events("acc-1");
        AccountState s = AccountState.empty("acc-1")
                .fold(List.of(ev.order(BASE, "o-1", "10"), ev.call(BASE, Direction.INBOUND, "c-1")))
                .state();
        LocalDate day = AccountState.dayOf(BASE);

        assertThatThrownBy(() -> s.days().remove(day)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.appliedEventIds().remove(day)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.appliedEventIds().get(day).add("another"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    /** A state rebuilt from its accessors: {@link AccountState#of} copies every part. */
    private static AccountState copyOf(AccountState s) {
        return AccountState.of(
                s.accountId(),
                s.profile(),
                s.days(),
                s.surveys(),
                s.invoices(),
                s.payments(),
                s.contracts(),
                s.renewals(),
                s.ticketsOpened(),
                s.ticketsResolved(),
                s.currencies(),
                s.firstCommitmentAt(),
                s.lastTransactionAt(),
                s.lastTwoWayInteractionAt(),
                s.appliedEventIds());
    }
}
