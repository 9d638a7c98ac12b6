package io.rapport.scoring.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.mongodb.client.model.Filters;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Direction;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.ScoreCause;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import io.rapport.scoring.domain.Accounts;
import io.rapport.scoring.domain.Events;
import io.rapport.scoring.pipeline.ScheduledJobs;
import io.rapport.scoring.store.AccountStateRepository;
import io.rapport.scoring.store.ScoreHistoryRepository;
import io.rapport.scoring.store.StoredAccount;
import io.rapport.scoring.testing.MutableClock;
import io.rapport.scoring.testing.ScoreTopic;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class ScoreResourceTest {

    @Inject
    AccountStateRepository states;

    @Inject
    ScoreHistoryRepository history;

    @Inject
    ScheduledJobs jobs;

    @Inject
    MutableClock clock;

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void explainsTheScoreOfAnAccountWithComponentsInputsAndHistory() {
        String id = "acc-api-1";
        Events ev = new Events(id);
        Instant now = Instant.now();
        List<RapportEvent> events = List.of(
                ev.account(now.minus(Duration.ofDays(100)), AccountKind.SUPPLIER, "core"),
                ev.order(now.minus(Duration.ofDays(10)), "o-1", "20000.00"),
                ev.meeting(now.minus(Duration.ofDays(1)), Direction.INBOUND, "c-1"));
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            events.forEach(kafka::send);
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(states.find(id))
                        .hasValueSatisfying(
                                a -> assertThat(a.state().appliedEventCount()).isEqualTo(3)));

        given().when()
                .get("/v1/accounts/{id}/score", id)
                .then()
                .statusCode(200)
                .body("accountId", equalTo(id))
                .body("kind", equalTo("supplier"))
                .body("components", hasSize(4))
                .body("components[0].name", equalTo("value"))
                .body("components[0].inputs.trailingRevenue", equalTo(20000.0f))
                .body("components[0].explanation", notNullValue())
                .body("biggestMovers.last7Days", notNullValue())
                .body("published.revision", notNullValue())
                .body("indicators.trailingRevenue", equalTo(20000.0f));

        given().when()
                .get("/v1/accounts/{id}/score/history", id)
                .then()
                .statusCode(200)
                .body("entries[0].revision", notNullValue())
                .body("entries[0].cause", equalTo("event"));
    }

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void historyPagesThroughEveryPublishedRevisionOnceNewestFirst() {
        // The test profile keeps 2 revisions per history bucket: most revisions end up in score_history
        // buckets, the newest in the state document; the API shows them as one history.
        String id = "acc-api-history";
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.freezeAt(start);
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            Accounts.healthyEngagedPayer(new Events(id), AccountKind.CUSTOMER, start)
                    .forEach(kafka::send);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(states.find(id))
                            .hasValueSatisfying(a -> assertThat(a.published()).isNotNull()));
            // Time passes: each recompute publishes a decayed score.
            for (int month = 1; month <= 8; month++) {
                clock.advance(Duration.ofDays(30));
                jobs.recomputeAll(ScoreCause.TIME_DECAY);
            }
            StoredAccount stored = states.find(id).orElseThrow();
            long last = stored.published().revision();
            assertThat(last).isGreaterThan(4);
            assertThat(stored.recentHistory().size()).isBetween(1, 2);
            assertThat(history.collection().countDocuments(Filters.eq("accountId", id)))
                    .isGreaterThanOrEqualTo((last - 2) / 2);

            List<ScoreChangedEvent> published =
                    ScoreTopic.readUntil(kafka, id, s -> s.revision() == last, Duration.ofSeconds(30));
            List<Map<String, Object>> pages = new ArrayList<>();
            String before = null;
            Long beforeRevision = null;
            do {
                var request = given().queryParam("limit", 3);
                if (before != null) {
                    request = request.queryParam("before", before).queryParam("beforeRevision", beforeRevision);
                }
                var page = request.when()
                        .get("/v1/accounts/{id}/score/history", id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                pages.addAll(page.getList("entries"));
                before = page.getString("nextBefore");
                beforeRevision = page.getObject("nextBeforeRevision", Long.class);
            } while (before != null);

            assertThat(pages)
                    .extracting(e -> ((Number) e.get("revision")).longValue())
                    .containsExactlyElementsOf(published.stream()
                            .map(ScoreChangedEvent::revision)
                            .sorted(Comparator.reverseOrder())
                            .toList());
            for (Map<String, Object> e : pages) {
                ScoreChangedEvent p = published.stream()
                        .filter(s -> s.revision() == ((Number) e.get("revision")).longValue())
                        .findFirst()
                        .orElseThrow();
                // JSON numbers come back as floats from RestAssured.
                assertThat(((Number) e.get("score")).doubleValue()).isCloseTo(p.score(), within(1e-4));
                assertThat(e.get("band")).isEqualTo(p.band().wireName());
                assertThat(e.get("cause")).isEqualTo(p.cause().wireName());
            }
        } finally {
            clock.reset();
        }
    }

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void aRevisionCursorWithoutItsInstantIsAProblem400NamingTheField() {
        String id = "acc-api-1";
        given().queryParam("beforeRevision", 3)
                .when()
                .get("/v1/accounts/{id}/score/history", id)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("beforeRevision"));
    }

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void unknownAccountIsAProblem404() {
        given().when()
                .get("/v1/accounts/{id}/score", "acc-nobody")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void scoresNeedAnAnalystOrAdmin() {
        given().when().get("/v1/accounts/{id}/score", "acc-nobody").then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "t", roles = "admin")
    void refitWithTooFewRepeatBuyersIsSkippedWithTheReason() {
        given().when()
                .post("/v1/models/clv/refit")
                .then()
                .statusCode(200)
                .body("status", equalTo("skipped"))
                .body("detail", org.hamcrest.Matchers.containsString("clv-min-repeat-buyers"));
    }

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void refitIsForAdminsOnly() {
        given().when().post("/v1/models/clv/refit").then().statusCode(403);
    }
}
