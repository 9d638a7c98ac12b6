package io.rapport.segmentation.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import io.rapport.segmentation.SegmentationTestSupport;
import io.rapport.segmentation.domain.BuiltInSegments;
import io.rapport.segmentation.domain.ValueThresholds;
import io.rapport.segmentation.messaging.MembershipUpdater;
import io.rapport.segmentation.store.Collections;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The value-tier refresh ({@link ValueTierService#refresh()}, normally on a timer that tests keep off):
 * when the predicted-value percentiles of the base move, the four tier segments are back-filled, so
 * every account ends in the tier of the new cut-offs, each move recorded and published as an exit and
 * an entry. Its own surefire fork (pom): the percentiles are over the whole base and the thresholds
 * are process-wide, so in the shared application it would move the tiers under the other tests and
 * theirs would move its cut-offs.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class ValueTierRefreshTest {
    private static final String STRATEGIC = "value-strategic";
    private static final String KEY = "value-key";
    private static final String CORE = "value-core";
    private static final String TAIL = "value-tail";

    @Inject
    ValueTierService tiers;

    @Inject
    MembershipUpdater updater;

    @Inject
    BackfillService backfill;

    @Inject
    Collections collections;

    @Test
    void movedCutOffsBackFillTheTierSegmentsWithAnExitAndAnEntryPerMove() throws Exception {
        assertThat(tiers.current()).isEqualTo(ValueThresholds.NONE);
        // 20 accounts worth 100, 200, ..., 2000; without percentiles every one is core
        score(1, 20);
        assertThat(tierMembers()).isEqualTo(tiersOf(Map.of(CORE, range(1, 20))));

        // nearest rank over 20 values: 95% -> the 19th (1900), 80% -> the 16th (1600), 30% -> the 6th (600)
        assertThat(refreshAndWait()).isEqualTo(new ValueThresholds(1900, 1600, 600, 20));
        assertThat(tierMembers())
                .isEqualTo(tiersOf(
                        Map.of(STRATEGIC, range(19, 20), KEY, range(16, 18), CORE, range(6, 15), TAIL, range(1, 5))));
        Document stored = collections
                .get(Collections.SETTINGS)
                .find(Filters.eq("_id", "value-thresholds"))
                .first();
        assertThat(stored)
                .containsEntry("strategic", 1900.0)
                .containsEntry("basedOn", 20L)
                .containsEntry("epoch", 1L);

        // 20 richer accounts arrive (live: strategic under the current cut-offs) and move the percentiles up
        score(21, 40);
        assertThat(tierMembers().get(STRATEGIC)).isEqualTo(union(range(19, 20), range(21, 40)));
        assertThat(refreshAndWait()).isEqualTo(new ValueThresholds(3800, 3200, 1200, 40));
        assertThat(tierMembers())
                .isEqualTo(tiersOf(
                        Map.of(STRATEGIC, range(38, 40), KEY, range(32, 37), CORE, range(12, 31), TAIL, range(1, 11))));

        // every move is in the history, including a return to a tier the account had left
        assertThat(tierHistory("vt-20"))
                .containsExactlyInAnyOrder(
                        "value-core:entered",
                        "value-core:left",
                        "value-strategic:entered",
                        "value-strategic:left",
                        "value-core:entered");
        assertThat(tierHistory("vt-08"))
                .containsExactlyInAnyOrder("value-core:entered", "value-core:left", "value-tail:entered");
        assertThat(tierHistory("vt-03"))
                .containsExactlyInAnyOrder("value-core:entered", "value-core:left", "value-tail:entered");
        assertThat(tierHistory("vt-13")).containsExactly("value-core:entered");
        assertThat(tierHistory("vt-40")).containsExactly("value-strategic:entered");
        assertThat(tierHistory("vt-25"))
                .containsExactlyInAnyOrder("value-strategic:entered", "value-strategic:left", "value-core:entered");
        assertThat(tiers.tiers().epoch()).isEqualTo(2);
        Document reEntry = collections
                .get(Collections.HISTORY)
                .find(Filters.and(Filters.eq("accountId", "vt-20"), Filters.eq("segmentId", CORE)))
                .sort(Sorts.descending("at", "_id"))
                .first();
        assertThat(reEntry.get("values", Document.class))
                .containsEntry("predictedValue", 2000.0)
                .containsEntry("valueTier", "core");
        // the regression: without the epoch this id was the live entry's, so the return went unrecorded
        assertThat(reEntry.getString("_id")).isEqualTo("seg-value-core-v1-vt-20-r1-t2-entered");

        // cut-offs that did not move back-fill nothing
        Document lastJob = backfill.progress(CORE).orElseThrow();
        assertThat(tiers.refresh()).isEqualTo(new ValueThresholds(3800, 3200, 1200, 40));
        assertThat(tiers.tiers().epoch()).isEqualTo(2);
        assertThat(backfill.progress(CORE).orElseThrow()).isEqualTo(lastJob);
        // the epoch is the store's: cut-offs another replica stored keep the epoch it gave them
        collections
                .get(Collections.SETTINGS)
                .updateOne(Filters.eq("_id", "value-thresholds"), Updates.set("epoch", 7L));
        tiers.refresh();
        assertThat(tiers.tiers().epoch()).isEqualTo(7);
        assertThat(backfill.progress(CORE).orElseThrow()).isEqualTo(lastJob);

        // and each recorded change was published once
        Set<String> recorded = new HashSet<>();
        collections
                .get(Collections.HISTORY)
                .find(Filters.in("segmentId", BuiltInSegments.VALUE_TIER_IDS))
                .forEach(h -> recorded.add(h.getString("_id")));
        List<String> published = new ArrayList<>();
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            Set<String> missing = new HashSet<>(recorded);
            for (var r : kafka.readUntil(
                    Topics.SEGMENT_CHANGES,
                    r -> missing.remove(JsonPath.from(r.value()).getString("eventId")) && missing.isEmpty(),
                    Duration.ofSeconds(30))) {
                String id = JsonPath.from(r.value()).getString("eventId");
                if (recorded.contains(id)) {
                    published.add(id);
                }
            }
        }
        assertThat(published).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(recorded);
    }

    /** Live scores for accounts vt-from..vt-to, each worth 100 times its number. */
    private void score(int from, int to) {
        for (int i = from; i <= to; i++) {
            updater.apply(SegmentationTestSupport.score(
                    account(i), 1, 60.0, 3, 3, 3, (i * 100) + ".00", Instant.parse("2026-03-01T00:00:00Z")));
        }
    }

    /** Refreshes the percentiles and waits until the four tier back-fills it queued are done. */
    private ValueThresholds refreshAndWait() {
        ValueThresholds next = tiers.refresh();
        for (String id : BuiltInSegments.VALUE_TIER_IDS) {
            assertThat(backfill.progress(id))
                    .get()
                    .satisfies(job -> assertThat(job).containsEntry("reason", "value percentiles moved"));
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            "done".equals(backfill.progress(id).orElseThrow().getString("state")));
        }
        assertThat(tiers.current()).isEqualTo(next);
        return next;
    }

    private Map<String, Set<String>> tierMembers() {
        Map<String, Set<String>> members = tiersOf(Map.of());
        collections
                .get(Collections.MEMBERSHIPS)
                .find(Filters.in("segmentId", BuiltInSegments.VALUE_TIER_IDS))
                .forEach(m -> members.get(m.getString("segmentId")).add(m.getString("accountId")));
        return members;
    }

    /** Entries and exits of the tier segments of one account. */
    private List<String> tierHistory(String account) {
        List<String> changes = new ArrayList<>();
        collections
                .get(Collections.HISTORY)
                .find(Filters.and(
                        Filters.eq("accountId", account), Filters.in("segmentId", BuiltInSegments.VALUE_TIER_IDS)))
                .forEach(h -> changes.add(h.getString("segmentId") + ":" + h.getString("change")));
        return changes;
    }

    private static Map<String, Set<String>> tiersOf(Map<String, Set<String>> given) {
        Map<String, Set<String>> all = new TreeMap<>();
        for (String id : BuiltInSegments.VALUE_TIER_IDS) {
            all.put(id, new TreeSet<>(given.getOrDefault(id, Set.of())));
        }
        return all;
    }

    private static Set<String> range(int from, int to) {
        Set<String> ids = new TreeSet<>();
        IntStream.rangeClosed(from, to).forEach(i -> ids.add(account(i)));
        return ids;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static String account(int i) {
        return String.format("vt-%02d", i);
    }
}
