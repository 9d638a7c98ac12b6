package io.rapport.scoring.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.scoring.domain.ComponentKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentHistoryTest {
    static final Instant T0 = Instant.parse("2026-06-01T12:00:00.123Z");

    @Test
    void revisionsAccumulateInTheDocumentUntilABucketIsFullThenMoveTogether() {
        List<ScoreHistoryRepository.Entry> stored = List.of();
        List<List<ScoreHistoryRepository.Entry>> buckets = new ArrayList<>();
        for (int revision = 1; revision <= 10; revision++) {
            RecentHistory.Rollover r = RecentHistory.next(stored, entry(revision), 3);
            if (!r.bucket().isEmpty()) buckets.add(r.bucket());
            stored = r.recent();
        }
        // Only stored revisions move: the fourth write moves 1-3 and keeps 4, and so on.
        assertThat(buckets)
                .extracting(RecentHistoryTest::revisions)
                .containsExactly(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L), List.of(7L, 8L, 9L));
        assertThat(revisions(stored)).containsExactly(10L);
    }

    @Test
    void aWriteWithoutANewRevisionStillMovesAFullBucket() {
        List<ScoreHistoryRepository.Entry> full = List.of(entry(1), entry(2));
        RecentHistory.Rollover r = RecentHistory.next(full, null, 2);
        assertThat(revisions(r.bucket())).containsExactly(1L, 2L);
        assertThat(r.recent()).isEmpty();

        RecentHistory.Rollover notFull = RecentHistory.next(List.of(entry(1)), null, 2);
        assertThat(notFull.bucket()).isEmpty();
        assertThat(revisions(notFull.recent())).containsExactly(1L);
    }

    @Test
    void aBucketOfOneMovesEachRevisionAtTheNextWrite() {
        RecentHistory.Rollover r = RecentHistory.next(List.of(entry(1)), entry(2), 1);
        assertThat(revisions(r.bucket())).containsExactly(1L);
        assertThat(revisions(r.recent())).containsExactly(2L);
    }

    @Test
    void aBucketSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> RecentHistory.next(List.of(), entry(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void revisionsPackAndUnpackWhateverTheyHold() {
        Random random = new Random(3);
        for (int i = 0; i < 500; i++) {
            List<ScoreHistoryRepository.Entry> entries = new ArrayList<>();
            int n = random.nextInt(12);
            for (int k = 0; k < n; k++) {
                Map<ComponentKind, Double> components = new EnumMap<>(ComponentKind.class);
                for (ComponentKind c : ComponentKind.values()) {
                    if (random.nextBoolean()) components.put(c, random.nextDouble() * 100);
                }
                List<String> reasons = new ArrayList<>();
                for (int j = random.nextInt(4); j > 0; j--) reasons.add(RawDocumentsTest.text(random, 40));
                entries.add(new ScoreHistoryRepository.Entry(
                        RawDocumentsTest.text(random, 30),
                        "acc-7",
                        random.nextLong(),
                        Instant.ofEpochMilli(random.nextLong() >>> 22),
                        random.nextDouble() * 100,
                        RawDocumentsTest.text(random, 10),
                        RawDocumentsTest.text(random, 10),
                        components,
                        RawDocumentsTest.text(random, 10),
                        random.nextBoolean() ? null : RawDocumentsTest.text(random, 30),
                        reasons));
            }
            assertThat(RecentHistory.unpack("acc-7", RecentHistory.pack(entries)))
                    .isEqualTo(entries);
        }
    }

    @Test
    void timesAreKeptToTheMillisecondAsTheHistoryKeepsThem() {
        ScoreHistoryRepository.Entry precise = entry(1, Instant.parse("2026-06-01T12:00:00.123456789Z"));
        assertThat(RecentHistory.unpack("acc-1", RecentHistory.pack(List.of(precise)))
                        .get(0)
                        .time())
                .isEqualTo(Instant.parse("2026-06-01T12:00:00.123Z"));
    }

    @Test
    void anUnknownEncodingIsRefused() {
        byte[] packed = RecentHistory.pack(List.of(entry(1)));
        packed[0] = 9;
        assertThatThrownBy(() -> RecentHistory.unpack("acc-1", packed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format 9");
        byte[] truncated = java.util.Arrays.copyOf(RecentHistory.pack(List.of(entry(1))), 20);
        assertThatThrownBy(() -> RecentHistory.unpack("acc-1", truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }

    static ScoreHistoryRepository.Entry entry(long revision) {
        return entry(revision, T0.plusSeconds(60 * revision));
    }

    static ScoreHistoryRepository.Entry entry(long revision, Instant time) {
        return entry("acc-1", revision, time);
    }

    static ScoreHistoryRepository.Entry entry(String account, long revision, Instant time) {
        Map<ComponentKind, Double> components = new EnumMap<>(ComponentKind.class);
        for (ComponentKind c : ComponentKind.values()) components.put(c, 10.0 * revision % 100);
        return new ScoreHistoryRepository.Entry(
                "score-" + account + "-r" + revision,
                account,
                revision,
                time,
                40 + revision % 50,
                "watch",
                "active",
                components,
                "event",
                revision % 2 == 0 ? null : "evt-" + revision,
                List.of("score +" + revision));
    }

    private static List<Long> revisions(List<ScoreHistoryRepository.Entry> entries) {
        return entries.stream().map(ScoreHistoryRepository.Entry::revision).toList();
    }
}
