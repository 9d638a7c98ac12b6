package io.rapport.scoring.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.scoring.domain.AccountState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * An account's history read back from its buckets, its state document's recent revisions and documents of
 * earlier versions: every revision once, newest first, within the bounds, paged.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class ScoreHistoryRepositoryTest {
    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @jakarta.inject.Inject
    ScoreHistoryRepository history;

    @Test
    void readsMergeBucketsRecentRevisionsAndOldDocumentsAndAgreeWithAPlainSortWhateverTheBounds() {
        Random random = new Random(17);
        for (int round = 0; round < 12; round++) {
            String id = "acc-hist-" + round;
            // Revisions 1..n at increasing times (some equal); the first few in one-revision documents of
            // earlier versions, then buckets of random sizes, the newest in the state document.
            int n = 1 + random.nextInt(60);
            List<ScoreHistoryRepository.Entry> all = new ArrayList<>();
            Instant t = T0;
            for (int r = 1; r <= n; r++) {
                if (random.nextInt(4) > 0) t = t.plusSeconds(1 + random.nextInt(3_600));
                all.add(RecentHistoryTest.entry(id, r, t));
            }
            int legacy = random.nextInt(Math.min(n, 5) + 1);
            for (ScoreHistoryRepository.Entry e : all.subList(0, legacy)) {
                history.collection().insertOne(legacyDocument(e));
            }
            int next = legacy;
            List<List<ScoreHistoryRepository.Entry>> buckets = new ArrayList<>();
            while (next < n && random.nextInt(5) > 0) {
                int end = Math.min(n, next + 1 + random.nextInt(8));
                buckets.add(all.subList(next, end));
                // Now and then a bucket overlaps the one before (another bucket size on another replica).
                if (next > legacy && random.nextInt(4) == 0) buckets.add(all.subList(next - 1, end));
                next = end;
            }
            history.insertBuckets(buckets);
            history.insertBuckets(buckets); // again: a redelivery after a crash; nothing is duplicated
            StoredAccount account =
                    new StoredAccount(AccountState.empty(id), null, List.copyOf(all.subList(next, n)), 3);

            List<ScoreHistoryRepository.Entry> newestFirst = new ArrayList<>(all);
            newestFirst.sort(Comparator.comparing(ScoreHistoryRepository.Entry::time)
                    .thenComparingLong(ScoreHistoryRepository.Entry::revision)
                    .reversed());
            assertThat(history.find(account, null, null, 1_000)).isEqualTo(newestFirst);
            // Paging by (time, revision) visits every revision once, in order, whatever the page size.
            int pageSize = 1 + random.nextInt(5);
            List<ScoreHistoryRepository.Entry> paged = new ArrayList<>();
            List<ScoreHistoryRepository.Entry> page = history.find(account, null, null, pageSize);
            while (!page.isEmpty()) {
                paged.addAll(page);
                ScoreHistoryRepository.Entry last = page.get(page.size() - 1);
                page = history.find(account, null, last.time(), last.revision(), pageSize);
            }
            assertThat(paged).isEqualTo(newestFirst);
            for (int q = 0; q < 20; q++) {
                Instant from = random.nextBoolean() ? null : pick(random, all);
                Instant before = random.nextBoolean() ? null : pick(random, all);
                Long beforeRevision = before == null || random.nextBoolean() ? null : 1L + random.nextInt(n + 1);
                int limit = 1 + random.nextInt(12);
                List<ScoreHistoryRepository.Entry> expected = newestFirst.stream()
                        .filter(e -> from == null || !e.time().isBefore(from))
                        .filter(e -> before == null
                                || e.time().isBefore(before)
                                || (beforeRevision != null && e.time().equals(before) && e.revision() < beforeRevision))
                        .limit(limit)
                        .toList();
                assertThat(history.find(account, from, before, beforeRevision, limit))
                        .as("from %s before %s/%s limit %d", from, before, beforeRevision, limit)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void anAccountWithNothingStoredHasNoHistory() {
        StoredAccount account = StoredAccount.fresh("acc-hist-none");
        assertThat(history.find(account, null, null, 10)).isEmpty();
        assertThat(history.snapshotsFor(account, T0, 30)).isEmpty();
    }

    /** An instant at, just before or just after a revision's (equal times are the interesting case). */
    private static Instant pick(Random random, List<ScoreHistoryRepository.Entry> all) {
        return all.get(random.nextInt(all.size())).time().plusMillis(random.nextInt(3) - 1);
    }

    /** A revision as earlier versions stored it: one document, its fields at the top level. */
    private static Document legacyDocument(ScoreHistoryRepository.Entry e) {
        Document components = new Document();
        e.components().forEach((k, v) -> components.append(k.wireName(), v));
        return new Document("_id", e.eventId())
                .append("accountId", e.accountId())
                .append("revision", e.revision())
                .append("time", Date.from(e.time()))
                .append("score", e.score())
                .append("band", e.band())
                .append("stage", e.stage())
                .append("components", components)
                .append("cause", e.cause())
                .append("causingEventId", e.causingEventId())
                .append("reasons", e.reasons());
    }
}
