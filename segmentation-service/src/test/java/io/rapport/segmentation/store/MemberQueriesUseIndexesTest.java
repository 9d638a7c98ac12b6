package io.rapport.segmentation.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.rapport.localstack.testing.ContainersInfrastructureResource;
import io.rapport.segmentation.backfill.BackfillService;
import io.rapport.segmentation.store.MemberQuery.After;
import io.rapport.segmentation.store.MemberQuery.SortKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * On a real MongoDB, every analyst query path is answered by walking an index, without an in-memory
 * sort or a collection scan (the embedded store has no query planner, so only MongoDB can show this).
 * Skipped where there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class MemberQueriesUseIndexesTest {
    static MongoDBContainer mongo;
    static MongoClient client;
    static MembershipRepository memberships;
    static Collections collections;

    @BeforeAll
    static void start() {
        mongo = new MongoDBContainer(ContainersInfrastructureResource.MONGO_IMAGE);
        mongo.start();
        client = MongoClients.create(mongo.getConnectionString());
        collections = new Collections(client, "rapport_segmentation_explain");
        collections.createIndexes();
        memberships = new MembershipRepository(collections);
        List<Document> docs = new ArrayList<>();
        Date now = new Date();
        for (int i = 0; i < 5_000; i++) {
            String segment = "s" + (i % 5);
            String account = String.format("acc-%05d", i);
            docs.add(new Document("_id", segment + "/" + account)
                    .append("segmentId", segment)
                    .append("accountId", account)
                    .append("score", (double) (i % 97))
                    .append("predictedValue", (double) (i % 1013))
                    .append("lastActivity", new Date(now.getTime() - i * 60_000L))
                    .append("band", "watch"));
        }
        collections.get(Collections.MEMBERSHIPS).insertMany(docs);
        List<Document> history = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String segment = "s" + (i % 5);
            String account = String.format("acc-%05d", i % 100);
            String change = i % 2 == 0 ? "entered" : "left";
            history.add(new Document("_id", "seg-" + segment + "-v1-" + account + "-r" + i + "-" + change)
                    .append("segmentId", segment)
                    .append("accountId", account)
                    .append("change", change)
                    .append("at", new Date(now.getTime() - (i / 3) * 60_000L)));
        }
        collections.get(Collections.HISTORY).insertMany(history);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (mongo != null) {
            mongo.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(SortKey.class)
    void aMembersPageWalksItsSortIndexInBothDirectionsAfterACursor(SortKey key) {
        Object middle = key == SortKey.RECENCY ? new Date() : 40.0;
        for (boolean descending : new boolean[] {true, false}) {
            assertIndexWalk(memberships.pageQuery("s1", new MemberQuery(key, descending, List.of(), 101, null)));
            assertIndexWalk(memberships.pageQuery(
                    "s1", new MemberQuery(key, descending, List.of(), 101, new After(middle, "acc-02001"))));
        }
    }

    @Test
    void theExportAndTheHistoryWalkTheirIndexes() {
        assertIndexWalk(memberships.stream("s2", List.of(Filters.eq("band", "watch")), 2000));
        assertIndexWalk(memberships.historyQuery(
                "s2", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"), null, 501));
        Document after = new Document("at", new Date()).append("_id", "seg-s2-v1-acc-00002-r1-entered");
        assertIndexWalk(memberships.historyQuery(
                "s2", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"), after, 501));
    }

    @Test
    void theUnfinishedBackFillsAreReadByTheirSegmentIds() {
        MongoCollection<Document> jobs = collections.get(Collections.BACKFILL_JOBS);
        for (int i = 0; i < 50; i++) {
            jobs.insertOne(new Document("_id", "s" + i).append("state", i % 3 == 0 ? "running" : "done"));
        }
        assertIndexWalk(jobs.find(BackfillService.jobsOf(List.of("s1", "s3", "s7", "s30"))), "_id_");
    }

    @Test
    void anAccountsHistoryWalksTheAccountHistoryIndexBackwards() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2100-01-01T00:00:00Z");
        Document after = new Document("at", new Date()).append("_id", "seg-s2-v1-acc-00002-r2-entered");
        for (Instant f : new Instant[] {null, from}) {
            for (Instant t : new Instant[] {null, to}) {
                for (Document a : new Document[] {null, after}) {
                    assertIndexWalk(
                            memberships.accountHistoryQuery("acc-00002", null, f, t, a, 101),
                            Collections.ACCOUNT_HISTORY_INDEX);
                    // with a segment as well, either history index serves the sort
                    assertIndexWalk(memberships.accountHistoryQuery("acc-00002", "s2", f, t, a, 101));
                }
            }
        }
    }

    private static void assertIndexWalk(FindIterable<Document> query, String... indexes) {
        Document plan = query.explain().get("queryPlanner", Document.class);
        Set<String> stages = new TreeSet<>();
        Set<String> used = new TreeSet<>();
        collectStages(plan.get("winningPlan"), stages, used);
        assertThat(stages).as(plan.toJson()).contains("IXSCAN").doesNotContain("SORT", "COLLSCAN");
        if (indexes.length > 0) {
            assertThat(used).as(plan.toJson()).containsOnly(indexes);
        }
    }

    private static void collectStages(Object node, Set<String> stages, Set<String> indexes) {
        if (node instanceof Document d) {
            if (d.get("stage") instanceof String stage) {
                stages.add(stage);
                if (stage.equals("IXSCAN") && d.get("indexName") instanceof String name) {
                    indexes.add(name);
                }
            }
            d.values().forEach(v -> collectStages(v, stages, indexes));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectStages(v, stages, indexes));
        }
    }
}
