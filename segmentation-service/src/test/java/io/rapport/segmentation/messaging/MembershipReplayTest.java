package io.rapport.segmentation.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.Filters;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import io.rapport.segmentation.SegmentationTestSupport;
import io.rapport.segmentation.store.Collections;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class MembershipReplayTest {
    @Inject
    Collections collections;

    @Test
    void entriesAndExitsAreRecordedOncePublishedAndReplaysProduceNoDuplicates() {
        String account = "acc-replay-1";
        ScoreChangedEvent champion = SegmentationTestSupport.score(account, 1, 85.0, 5, 5, 5);
        ScoreChangedEvent lost = SegmentationTestSupport.score(account, 2, 20.0, 1, 1, 1);
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.send(Topics.SCORES, account, SegmentationTestSupport.json(champion));
            kafka.send(Topics.SCORES, account, SegmentationTestSupport.json(lost));
            await().atMost(Duration.ofSeconds(30)).until(() -> evaluated(account) == 2);
            List<Document> first = history(account);
            // replay both, an older revision after the newer one, and a duplicate
            kafka.send(Topics.SCORES, account, SegmentationTestSupport.json(champion));
            kafka.send(Topics.SCORES, account, SegmentationTestSupport.json(lost));
            kafka.send(Topics.SCORES, account, SegmentationTestSupport.json(champion));
            String marker = "acc-replay-marker";
            kafka.send(
                    Topics.SCORES,
                    marker,
                    SegmentationTestSupport.json(SegmentationTestSupport.score(marker, 1, 50.0, 3, 3, 3)));
            await().atMost(Duration.ofSeconds(30)).until(() -> evaluated(marker) == 1);
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> history(account).size() == first.size());

            List<String> changes = history(account).stream()
                    .map(h -> h.getString("segmentId") + ":" + h.getString("change"))
                    .toList();
            assertThat(changes)
                    .containsExactlyInAnyOrder(
                            "rfm-champions:entered",
                            "band-healthy:entered",
                            "value-core:entered",
                            "rfm-champions:left",
                            "band-healthy:left",
                            "rfm-lost:entered",
                            "band-at-risk:entered");
            Document entered = history(account).stream()
                    .filter(h -> h.getString("segmentId").equals("rfm-lost"))
                    .findFirst()
                    .orElseThrow();
            assertThat(entered.get("values", Document.class))
                    .containsEntry("score", 20.0)
                    .containsEntry("rfm", "111");
            assertThat(entered.getString("causingEventId")).isEqualTo("score-" + account + "-r2");

            Set<String> ids = new HashSet<>(
                    history(account).stream().map(h -> h.getString("_id")).toList());
            var published = kafka.readUntil(Topics.SEGMENT_CHANGES, r -> false, Duration.ofSeconds(5));
            List<String> publishedIds = new ArrayList<>();
            published.stream()
                    .filter(r -> account.equals(r.key()))
                    .forEach(r -> publishedIds.add(
                            io.restassured.path.json.JsonPath.from(r.value()).getString("eventId")));
            assertThat(new HashSet<>(publishedIds)).isEqualTo(ids);
            assertThat(publishedIds).doesNotHaveDuplicates();
        }
        assertThat(collections
                        .get(Collections.MEMBERSHIPS)
                        .find(Filters.eq("accountId", account))
                        .into(new ArrayList<>()))
                .extracting(d -> d.getString("segmentId"))
                .containsExactlyInAnyOrder("rfm-lost", "band-at-risk", "value-core");
    }

    private long evaluated(String account) {
        Document d = collections
                .get(Collections.ACCOUNT_STATE)
                .find(Filters.eq("_id", account))
                .first();
        Number n = d == null ? null : d.get("evaluatedRevision", Number.class);
        return n == null ? -1 : n.longValue();
    }

    private List<Document> history(String account) {
        return collections
                .get(Collections.HISTORY)
                .find(Filters.eq("accountId", account))
                .into(new ArrayList<>());
    }
}
