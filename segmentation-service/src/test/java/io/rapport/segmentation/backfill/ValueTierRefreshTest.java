package io.rapport.segmentation.backfill;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import io.rapport.segmentation.SegmentationTestSupport;
import io.rapport.segmentation.domain.BuiltInSegments;
import io.rapport.segmentation.domain.SegmentDefinition;
import io.rapport.segmentation.domain.ValueThresholds;
import io.rapport.segmentation.messaging.MembershipUpdater;
import io.rapport.segmentation.store.Collections;
import io.rapport.segmentation.store.DefinitionRepository;
import io.restassured.http.ContentType;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The value-tier refresh ({@link ValueTierService#refresh()}, normally on a timer that tests keep off):
 * when the predicted-value percentiles of the base move, the four tier segments and the analyst-defined
 * segments that read {@code valueTier} are back-filled, so every account ends in the tier of the new
 * cut-offs, each move recorded and published as an exit and an entry; a tier back-fill a restart
 * interrupted is resumed to the same end. Its own surefire fork (pom): the percentiles are over the
 * whole base and the thresholds are process-wide, so in the shared application it would move the tiers
 * under the other tests and theirs would move its cut-offs. The two tests run in order, the second on
 * the first one's base.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ValueTierRefreshTest {
    private static final String STRATEGIC = "value-strategic";
    private static final String KEY = "value-key";
    private static final String CORE = "value-core";
    private static final String TAIL = "value-tail";
    /** Analyst-defined, reads the tier: follows the cut-offs. */
    private static final String TOP = "top-value";
    /** Analyst-defined, reads the predicted value but not the tier: not back-filled by a refresh. */
    private static final String RICH = "rich";
    /** Every segment a refresh back-fills, in the order it queues them (by id). */
    private static final List<String> FOLLOW_TIERS = List.of(TOP, CORE, KEY, STRATEGIC, TAIL);

    @Inject
    ValueTierService tiers;

    @Inject
    MembershipUpdater updater;

    @Inject
    BackfillService backfill;

    @Inject
    Collections collections;

    @Inject
    DefinitionRepository definitions;

    @Test
    @Order(1)
    @TestSecurity(user = "t", roles = "admin")
    void movedCutOffsBackFillTheTierSegmentsWithAnExitAndAnEntryPerMove() {
        assertThat(tiers.current()).isEqualTo(ValueThresholds.NONE);
        // 20 accounts worth 100, 200, ..., 2000; without percentiles every one is core
        score(1, 20);
        assertThat(tierMembers()).isEqualTo(tiersOf(Map.of(CORE, range(1, 20))));
        define(TOP, "valueTier == 'strategic' && accountId.startsWith('vt-')");
        define(RICH, "clv.predictedValue >= 1500.0 && accountId.startsWith('vt-')");
        // what each expression reads is stored with the definition
        assertThat(definitionDocument(TOP).getList("attributes", String.class))
                .containsExactly("accountId", "valueTier");
        assertThat(definitionDocument(RICH).getList("attributes", String.class)).containsExactly("accountId", "clv");
        assertThat(members(TOP)).isEmpty();
        assertThat(members(RICH)).isEqualTo(range(15, 20));
        Document richJob = backfill.progress(RICH).orElseThrow();

        // nearest rank over 20 values: 95% -> the 19th (1900), 80% -> the 16th (1600), 30% -> the 6th (600)
        assertThat(refreshAndWait()).isEqualTo(new ValueThresholds(1900, 1600, 600, 20));
        assertThat(tierMembers())
                .isEqualTo(tiersOf(
                        Map.of(STRATEGIC, range(19, 20), KEY, range(16, 18), CORE, range(6, 15), TAIL, range(1, 5))));
        // the analyst-defined segment reading the tier followed the cut-offs without a new score
        assertThat(members(TOP)).isEqualTo(range(19, 20));
        // the one not reading it was not back-filled
        assertThat(backfill.progress(RICH).orElseThrow()).isEqualTo(richJob);
        assertThat(members(RICH)).isEqualTo(range(15, 20));
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
        assertThat(members(TOP)).isEqualTo(range(38, 40));
        assertThat(backfill.progress(RICH).orElseThrow()).isEqualTo(richJob);
        assertThat(members(RICH)).isEqualTo(range(15, 40));
        assertThat(historyIds("vt-20", TOP))
                .containsExactlyInAnyOrder("seg-top-value-v1-vt-20-r1-t1-entered", "seg-top-value-v1-vt-20-r1-t2-left");
        assertThat(historyIds("vt-25", TOP))
                .containsExactlyInAnyOrder("seg-top-value-v1-vt-25-r1-entered", "seg-top-value-v1-vt-25-r1-t2-left");

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
    }

    /**
     * A tier back-fill a restart interrupts (simulated: the job thread dies after value-core recorded
     * its changes, before it published or applied them, and the segments queued behind it never start)
     * is resumed from its job at the next start and ends as an uninterrupted one: every account in its
     * new tier, each change recorded once with the epoch's id, none lost, each published once.
     */
    @Test
    @Order(2)
    void anInterruptedTierBackFillIsResumedToTheEndOfAnUninterruptedOne() throws Exception {
        // 20 more accounts worth 4100..6000: 60 values, nearest rank 95% -> 5700, 80% -> 4800, 30% -> 1800
        score(41, 60);
        Map<String, Set<String>> before = new TreeMap<>();
        FOLLOW_TIERS.forEach(id -> before.put(id, members(id)));
        Set<String> historyBefore = historyIds();
        Document richJob = backfill.progress(RICH).orElseThrow();
        long epoch = tiers.tiers().epoch() + 1;

        AtomicBoolean dead = new AtomicBoolean();
        backfill.checkpoint((segmentId, point) -> {
            if (dead.get() || (segmentId.equals(CORE) && point.equals("recorded"))) {
                dead.set(true);
                throw new SimulatedCrash();
            }
        });
        try {
            assertThat(tiers.refresh()).isEqualTo(new ValueThresholds(5700, 4800, 1800, 60));
            backfill.awaitIdle(Duration.ofSeconds(60));
        } finally {
            backfill.checkpoint(null);
        }
        // top-value (first by id) done, value-core stopped after recording its changes, the rest never ran
        assertThat(dead).isTrue();
        assertThat(backfill.progress(TOP).orElseThrow().getString("state")).isEqualTo("done");
        assertThat(backfill.progress(CORE).orElseThrow())
                .containsEntry("state", "running")
                .containsEntry("kind", "tiers")
                .containsEntry("tiersEpoch", epoch);
        for (String id : List.of(KEY, STRATEGIC, TAIL)) {
            assertThat(backfill.progress(id).orElseThrow().getString("state")).isEqualTo("queued");
        }
        assertThat(members(CORE)).isEqualTo(before.get(CORE));
        assertThat(historyIds()).anyMatch(id -> id.startsWith("seg-value-core-") && id.contains("-t" + epoch + "-"));

        // the restart, as SegmentRegistry's start-up: stored cut-offs in force, unfinished jobs resumed
        tiers.load();
        assertThat(tiers.tiers().epoch()).isEqualTo(epoch);
        List<SegmentDefinition> live = definitions.all();
        Map<String, Document> unfinished = backfill.unfinished(live);
        assertThat(unfinished).containsOnlyKeys(CORE, KEY, STRATEGIC, TAIL);
        backfill.resume(unfinished, live);
        for (String id : List.of(CORE, KEY, STRATEGIC, TAIL)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            "done".equals(backfill.progress(id).orElseThrow().getString("state")));
            assertThat(backfill.progress(id).orElseThrow())
                    .containsEntry("reason", "value percentiles moved")
                    .containsEntry("tiersEpoch", epoch)
                    .containsKey("resumedAt");
        }

        // the end of an uninterrupted run
        assertThat(tierMembers())
                .isEqualTo(tiersOf(
                        Map.of(STRATEGIC, range(57, 60), KEY, range(48, 56), CORE, range(18, 47), TAIL, range(1, 17))));
        assertThat(members(TOP)).isEqualTo(range(57, 60));
        assertThat(backfill.progress(RICH).orElseThrow()).isEqualTo(richJob);
        // exactly one recorded change per move, with the epoch's id: none twice, none lost
        Set<String> expected = new TreeSet<>();
        for (String id : FOLLOW_TIERS) {
            Set<String> after = members(id);
            for (String account : union(before.get(id), after)) {
                boolean was = before.get(id).contains(account);
                if (was != after.contains(account)) {
                    expected.add("seg-" + id + "-v1-" + account + "-r1-t" + epoch + "-" + (was ? "left" : "entered"));
                }
            }
        }
        // strategic 19 left; key 6 left, 9 entered; core 6 left, 16 entered; tail 6 entered; top-value 19 left
        assertThat(expected).hasSize(81);
        Set<String> recorded = historyIds();
        recorded.removeAll(historyBefore);
        assertThat(recorded).isEqualTo(expected);
        assertThat(tierHistory("vt-15"))
                .containsExactlyInAnyOrder("value-core:entered", "value-core:left", "value-tail:entered");

        // and each change recorded by either test was published once (the crash came before publishing)
        Set<String> all = historyIds();
        List<String> published = new ArrayList<>();
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            Set<String> missing = new HashSet<>(all);
            for (var r : kafka.readUntil(
                    Topics.SEGMENT_CHANGES,
                    r -> missing.remove(JsonPath.from(r.value()).getString("eventId")) && missing.isEmpty(),
                    Duration.ofSeconds(30))) {
                String id = JsonPath.from(r.value()).getString("eventId");
                if (all.contains(id)) {
                    published.add(id);
                }
            }
        }
        assertThat(published).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }

    /** Live scores for accounts vt-from..vt-to, each worth 100 times its number. */
    private void score(int from, int to) {
        for (int i = from; i <= to; i++) {
            updater.apply(SegmentationTestSupport.score(
                    account(i), 1, 60.0, 3, 3, 3, (i * 100) + ".00", Instant.parse("2026-03-01T00:00:00Z")));
        }
    }

    /** Creates an analyst-defined segment through the API and waits for its back-fill. */
    private void define(String id, String expression) {
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", id, "expression", expression))
                .post("/v1/segments")
                .then()
                .statusCode(201);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "done".equals(backfill.progress(id).orElseThrow().getString("state")));
    }

    private Document definitionDocument(String id) {
        return collections
                .get(Collections.DEFINITIONS)
                .find(Filters.eq("_id", id))
                .first();
    }

    /** Refreshes the percentiles and waits until the back-fills it queued (tier segments, top-value) are done. */
    private ValueThresholds refreshAndWait() {
        ValueThresholds next = tiers.refresh();
        for (String id : FOLLOW_TIERS) {
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

    private Set<String> members(String segmentId) {
        Set<String> members = new TreeSet<>();
        collections
                .get(Collections.MEMBERSHIPS)
                .find(Filters.eq("segmentId", segmentId))
                .forEach(m -> members.add(m.getString("accountId")));
        return members;
    }

    private Set<String> historyIds() {
        Set<String> ids = new TreeSet<>();
        collections
                .get(Collections.HISTORY)
                .find(Filters.in("segmentId", FOLLOW_TIERS))
                .forEach(h -> ids.add(h.getString("_id")));
        return ids;
    }

    private List<String> historyIds(String account, String segmentId) {
        List<String> ids = new ArrayList<>();
        collections
                .get(Collections.HISTORY)
                .find(Filters.and(Filters.eq("accountId", account), Filters.eq("segmentId", segmentId)))
                .forEach(h -> ids.add(h.getString("_id")));
        return ids;
    }

    /** Thrown at a checkpoint to end a back-fill as a crash would: past the service's error handling. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
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
