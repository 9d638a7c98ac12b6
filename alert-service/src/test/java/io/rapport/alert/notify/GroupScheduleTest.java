package io.rapport.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link GroupSchedule}: its entries never move later except by a replace of the entry the caller saw. */
class GroupScheduleTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void dueEntriesComeEarliestFirstUpToTheLimitAndNotBeforeTheirTime() {
        GroupSchedule s = new GroupSchedule();
        s.offer("c", T.plusSeconds(3));
        s.offer("a", T.plusSeconds(1));
        s.offer("b", T.plusSeconds(2));
        s.offer("later", T.plusSeconds(60));

        assertThat(s.due(T.plusSeconds(10), 10))
                .extracting(GroupSchedule.Entry::id)
                .containsExactly("a", "b", "c");
        assertThat(s.due(T.plusSeconds(10), 2))
                .extracting(GroupSchedule.Entry::id)
                .containsExactly("a", "b");
        assertThat(s.due(T, 10)).isEmpty();
    }

    @Test
    void anOfferKeepsTheEarlierTime() {
        GroupSchedule s = new GroupSchedule();
        s.offer("g", T.plusSeconds(5));
        s.offer("g", T.plusSeconds(50));
        assertThat(s.snapshot()).containsEntry("g", T.plusSeconds(5)).hasSize(1);
        s.offer("g", T.plusSeconds(1));
        assertThat(s.snapshot()).containsEntry("g", T.plusSeconds(1));
        assertThat(s.due(T.plusSeconds(100), 10)).hasSize(1);
    }

    @Test
    void aReplaceMovesOrRemovesOnlyTheEntryTheCallerSaw() {
        GroupSchedule s = new GroupSchedule();
        s.offer("g", T);
        GroupSchedule.Entry seen = s.due(T, 10).get(0);

        // Regression guard: a write stored meanwhile lowered the entry; the caller's later time must not win.
        s.offer("g", T.minusSeconds(1));
        assertThat(s.replace(seen, T.plusSeconds(300))).isFalse();
        assertThat(s.snapshot()).containsEntry("g", T.minusSeconds(1));
        assertThat(s.replace(seen, null)).isFalse();
        assertThat(s.size()).isOne();

        GroupSchedule.Entry current = s.entry("g");
        assertThat(s.replace(current, T.plusSeconds(300))).isTrue();
        assertThat(s.due(T.plusSeconds(299), 10)).isEmpty();
        assertThat(s.replace(s.entry("g"), null)).isTrue();
        assertThat(s.size()).isZero();
        assertThat(s.due(T.plusSeconds(1000), 10)).isEmpty();
    }

    @Test
    void anyOfferSupersedesTheEntrySoAReplaceByWhoSawTheOldOneFails() {
        GroupSchedule s = new GroupSchedule();
        s.offer("g", T);
        GroupSchedule.Entry seen = s.entry("g");
        // Regression guard: a flush deleted the group; before it drops the entry, a notice creates the
        // group again, due later (group_wait). Its offer keeps the earlier time but must not be removable
        // by the flush, or the new group would be missing from the schedule.
        s.offer("g", T.plusSeconds(30));
        assertThat(s.snapshot()).containsEntry("g", T);
        assertThat(s.replace(seen, null)).isFalse();
        assertThat(s.due(T, 10)).extracting(GroupSchedule.Entry::id).containsExactly("g");
    }

    @Test
    void timesAreKeptToTheMillisecondAsTheStoreKeepsThem() {
        GroupSchedule s = new GroupSchedule();
        s.offer("g", T.plusNanos(1_999_999));
        assertThat(s.snapshot()).containsEntry("g", T.plusMillis(1));
        s.replace(s.entry("g"), T.plusNanos(5_000_001));
        assertThat(s.snapshot()).containsEntry("g", T.plusMillis(5));
    }
}
