package io.rapport.segmentation.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import io.rapport.segmentation.SegmentationTestSupport;
import io.rapport.segmentation.store.Collections;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression for issue #5 (live path): the process dies at each step of an update (after the revision
 * is marked pending, after the history is recorded, after the changes are published, after the
 * memberships are written), and the score is delivered again, or, when the failed record is not
 * redelivered (dead-letter topic), the account's next score comes instead. Every entry and exit must end
 * in the history exactly once and on {@code rapport.segment-changes.v1} (a re-send after the crash has the
 * same id), and the memberships must agree with the history. With the memberships written before the
 * history, a crash between the two lost the changes: the redelivery found the memberships current.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class MembershipCrashRecoveryTest {
    /** What revision 1 (score 85, RFM 555) enters. */
    private static final Set<String> R1 = Set.of("rfm-champions:entered", "band-healthy:entered", "value-core:entered");
    /** What revision 2 (score 20, RFM 111) changes after revision 1. */
    private static final Set<String> R2 =
            Set.of("rfm-champions:left", "band-healthy:left", "rfm-lost:entered", "band-at-risk:entered");

    @Inject
    MembershipUpdater updater;

    @Inject
    Collections collections;

    @AfterEach
    void noHook() {
        updater.checkpoint(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pending", "recorded", "published", "written"})
    void aRedeliveryAfterACrashRecordsAndPublishesEveryChangeOnce(String point) {
        String account = "acc-crash-" + point;
        ScoreChangedEvent champion = SegmentationTestSupport.score(account, 1, 85.0, 5, 5, 5);
        crashAt(account, point, champion);

        updater.apply(champion); // redelivery: the offset was not committed
        assertThat(changes(account, 1)).containsExactlyInAnyOrderElementsOf(R1);
        assertThat(memberships(account)).containsExactlyInAnyOrder("rfm-champions", "band-healthy", "value-core");

        updater.apply(champion); // a replay of the finished revision changes nothing
        updater.apply(SegmentationTestSupport.score(account, 2, 20.0, 1, 1, 1));
        assertThat(changes(account, 1)).containsExactlyInAnyOrderElementsOf(R1);
        assertThat(changes(account, 2)).containsExactlyInAnyOrderElementsOf(R2);
        assertThat(memberships(account)).containsExactlyInAnyOrder("rfm-lost", "band-at-risk", "value-core");
        assertThat(state(account).getList("pendingRevisions", Object.class, List.of()))
                .isEmpty();

        Map<String, Long> published = published(account, ids(account, 2));
        assertThat(published.keySet()).isEqualTo(ids(account, 0));
        // published before the crash and again by the redelivery (same id), or only by the redelivery
        long r1Sends = point.equals("published") || point.equals("written") ? 2 : 1;
        ids(account, 1).forEach(id -> assertThat(published).containsEntry(id, r1Sends));
        ids(account, 2).forEach(id -> assertThat(published).containsEntry(id, 1L));
    }

    @Test
    void aFailureThatIsNotRedeliveredIsSettledByTheNextScore() {
        String account = "acc-crash-next";
        ScoreChangedEvent champion = SegmentationTestSupport.score(account, 1, 85.0, 5, 5, 5);
        // recorded, not published, not applied; the record goes to the dead-letter topic
        crashAt(account, "recorded", champion);
        assertThat(changes(account, 1)).containsExactlyInAnyOrderElementsOf(R1);
        assertThat(memberships(account)).isEmpty();

        updater.apply(SegmentationTestSupport.score(account, 2, 20.0, 1, 1, 1));
        // revision 1's entries count as applied: no second entry into value-core, the exits it implies
        assertThat(changes(account, 1)).containsExactlyInAnyOrderElementsOf(R1);
        assertThat(changes(account, 2)).containsExactlyInAnyOrderElementsOf(R2);
        assertThat(memberships(account)).containsExactlyInAnyOrder("rfm-lost", "band-at-risk", "value-core");
        assertThat(state(account).getList("pendingRevisions", Object.class, List.of()))
                .isEmpty();

        // the older revision from the dead-letter topic, replayed late, is stale
        assertThat(updater.apply(champion)).isEmpty();
        assertThat(changes(account, 0)).hasSize(R1.size() + R2.size());

        Map<String, Long> published = published(account, ids(account, 2));
        assertThat(published.keySet()).isEqualTo(ids(account, 0));
        assertThat(published.values()).containsOnly(1L);
    }

    /** Applies a score with a crash at one checkpoint of this account. */
    private void crashAt(String account, String point, ScoreChangedEvent score) {
        updater.checkpoint((accountId, reached) -> {
            if (accountId.equals(account) && reached.equals(point)) {
                throw new SimulatedCrash();
            }
        });
        assertThatThrownBy(() -> updater.apply(score)).isInstanceOf(SimulatedCrash.class);
        updater.checkpoint(null);
    }

    /** The account's recorded changes of one revision (0: all), as segment:change. */
    private List<String> changes(String account, long revision) {
        return history(account, revision).stream()
                .map(h -> h.getString("segmentId") + ":" + h.getString("change"))
                .toList();
    }

    private Set<String> ids(String account, long revision) {
        return history(account, revision).stream().map(h -> h.getString("_id")).collect(Collectors.toSet());
    }

    private List<Document> history(String account, long revision) {
        return collections
                .get(Collections.HISTORY)
                .find(
                        revision == 0
                                ? Filters.eq("accountId", account)
                                : Filters.and(Filters.eq("accountId", account), Filters.eq("revision", revision)))
                .into(new ArrayList<>());
    }

    private List<String> memberships(String account) {
        return collections
                .get(Collections.MEMBERSHIPS)
                .find(Filters.eq("accountId", account))
                .map(d -> d.getString("segmentId"))
                .into(new ArrayList<>());
    }

    private Document state(String account) {
        return collections
                .get(Collections.ACCOUNT_STATE)
                .find(Filters.eq("_id", account))
                .first();
    }

    /**
     * How often each event id of the account was published, read up to the last expected ones (one
     * partition per account, and publishing is synchronous: every earlier send is before them).
     */
    private static Map<String, Long> published(String account, Set<String> last) {
        Set<String> pending = new HashSet<>(last);
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            return kafka
                    .readUntil(
                            Topics.SEGMENT_CHANGES,
                            r -> account.equals(r.key()) && pending.remove(eventId(r.value())) && pending.isEmpty(),
                            Duration.ofSeconds(30))
                    .stream()
                    .filter(r -> account.equals(r.key()))
                    .map(r -> eventId(r.value()))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        }
    }

    private static String eventId(String json) {
        return JsonPath.from(json).getString("eventId");
    }

    /** Thrown at a checkpoint to end an update as a crash would. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }
}
