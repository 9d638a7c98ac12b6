package io.rapport.segmentation.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.segmentation.SegmentationTestSupport;
import io.rapport.segmentation.messaging.MembershipUpdater;
import io.rapport.segmentation.store.Collections;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/accounts/{id}/segments/history}: an account's entries and exits, newest first. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class AccountSegmentsResourceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final List<String> SEGMENTS = List.of("h-alpha", "h-beta", "h-gamma");

    @Inject
    Collections collections;

    @Inject
    MembershipUpdater updater;

    @Test
    void anAnonymousRequestGets401() {
        given().get("/v1/accounts/acc-h-any/segments/history")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "t", roles = "ingest")
    void aKeyWithoutTheAnalystRoleGets403() {
        given().get("/v1/accounts/acc-h-any/segments/history")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void pagesWalkTheHistoryNewestFirstWithoutSkippingOrRepeatingAcrossTies() {
        String account = "acc-h-paging";
        List<Document> changes = changes(account, 60);
        changes(account + "-other", 20); // another account's changes at the same times stay out
        List<String> expected = newestFirst(changes);

        List<String> seen = walk(account, Map.of(), 7);

        assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
    }

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void aChangeRecordedBetweenPagesNeitherShiftsNorRepeatsTheWalk() {
        String account = "acc-h-live";
        List<String> expected = newestFirst(changes(account, 25));
        JsonPath first = page(account, Map.of("limit", 10));
        List<String> seen = new ArrayList<>(first.getList("changes.eventId"));
        // a newer change arrives after the first page: it is above the cursor, so the walk goes on unchanged
        collections.get(Collections.HISTORY).insertOne(change(account, "h-alpha", 999, T0.plusSeconds(86_400)));
        String cursor = first.getString("nextCursor");
        while (cursor != null) {
            JsonPath next = page(account, Map.of("limit", 10, "cursor", cursor));
            seen.addAll(next.getList("changes.eventId"));
            cursor = next.getString("nextCursor");
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void fromIsInclusiveToExclusiveAndADateMeansItsStart() {
        String account = "acc-h-dates";
        List<Document> changes = changes(account, 30); // one change a minute from T0, three per minute
        Instant from = T0.plusSeconds(120);
        Instant to = T0.plusSeconds(300);
        List<String> expected = newestFirst(changes.stream()
                .filter(d -> !d.getDate("at").toInstant().isBefore(from)
                        && d.getDate("at").toInstant().isBefore(to))
                .toList());
        assertThat(expected).hasSize(9);

        assertThat(walk(account, Map.of("from", from.toString(), "to", to.toString()), 4))
                .containsExactlyElementsOf(expected);
        assertThat(walk(account, Map.of("from", from.toString()), 100)).hasSize(30 - 6);
        assertThat(walk(account, Map.of("to", to.toString()), 100)).hasSize(15);
        JsonPath byDate = page(account, Map.of("from", "2026-03-01", "to", "2026-03-02"));
        assertThat(byDate.getString("from")).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(byDate.getList("changes")).hasSize(30);
        assertThat(page(account, Map.of("to", "2026-03-01")).getList("changes")).isEmpty();
    }

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void theSegmentFilterKeepsOneSegmentsChangesAcrossPages() {
        String account = "acc-h-segment";
        List<Document> changes = changes(account, 45);
        List<String> expected = newestFirst(changes.stream()
                .filter(d -> d.getString("segmentId").equals("h-beta"))
                .toList());
        assertThat(expected).hasSize(15);

        List<String> seen = walk(account, Map.of("segmentId", "h-beta"), 4);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(page(account, Map.of("segmentId", "h-none")).getList("changes"))
                .isEmpty();
    }

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void anAccountWithoutHistoryGetsAnEmptyPageLikeItsEmptySegmentList() {
        given().get("/v1/accounts/acc-h-nobody/segments").then().statusCode(200).body("$", empty());
        given().get("/v1/accounts/acc-h-nobody/segments/history")
                .then()
                .statusCode(200)
                .body("accountId", equalTo("acc-h-nobody"))
                .body("changes", empty())
                .body("nextCursor", nullValue());
    }

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void badParametersGet400NamingTheFieldAndTheReason() {
        badRequest(Map.of("from", "yesterday"), "from", "not an ISO-8601 date or instant");
        badRequest(Map.of("to", "2026-13-01"), "to", "not an ISO-8601 date or instant");
        badRequest(Map.of("from", "2026-03-02", "to", "2026-03-01"), "to", "must be after from");
        badRequest(Map.of("limit", 0), "limit", "must be between 1 and 1000");
        badRequest(Map.of("cursor", "bm90IGEgY3Vyc29y"), "cursor", "not a cursor of this API");
    }

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void liveEntriesAndExitsAreListedWithTheirVersionAndTheValuesThatCausedThem() throws InterruptedException {
        String account = "acc-h-scored";
        updater.apply(SegmentationTestSupport.score(account, 1, 85.0, 5, 5, 5));
        Thread.sleep(5); // the second revision's changes are recorded in a later millisecond
        updater.apply(SegmentationTestSupport.score(account, 2, 20.0, 1, 1, 1));

        JsonPath page = page(account, Map.of());

        List<Map<String, Object>> changes = page.getList("changes");
        assertThat(changes)
                .extracting(c -> c.get("segmentId") + ":" + c.get("change"))
                .containsExactlyInAnyOrder(
                        "rfm-champions:entered",
                        "band-healthy:entered",
                        "value-core:entered",
                        "rfm-champions:left",
                        "band-healthy:left",
                        "rfm-lost:entered",
                        "band-at-risk:entered");
        // newest first: the second revision's changes before the first's
        assertThat(page.getList("changes.revision", Integer.class)).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(page.getList("changes.at", String.class).stream().map(Instant::parse))
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(page.getList("changes.definitionVersion", Integer.class)).containsOnly(1);
        Map<String, Object> lost = changes.stream()
                .filter(c -> c.get("segmentId").equals("rfm-lost"))
                .findFirst()
                .orElseThrow();
        assertThat(lost).containsEntry("causingEventId", "score-" + account + "-r2");
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) lost.get("values");
        assertThat(((Number) values.get("score")).doubleValue()).isEqualTo(20.0);
        assertThat(values).containsEntry("rfm", "111");
    }

    /** Three changes per minute from T0 over the three segments; returns them as stored. */
    private List<Document> changes(String account, int n) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(change(account, SEGMENTS.get(i % 3), i, T0.plusSeconds(60L * (i / 3))));
        }
        collections.get(Collections.HISTORY).insertMany(docs);
        return docs;
    }

    private static Document change(String account, String segment, int i, Instant at) {
        String kind = (i / 3) % 2 == 0 ? "entered" : "left";
        return new Document("_id", "seg-" + segment + "-v1-" + account + "-r" + (i + 1) + "-" + kind)
                .append("segmentId", segment)
                .append("segmentName", segment)
                .append("accountId", account)
                .append("change", kind)
                .append("at", Date.from(at))
                .append("definitionVersion", 1)
                .append("revision", (long) i + 1)
                .append("causingEventId", "score-" + account + "-r" + (i + 1))
                .append("values", new Document("score", 50.0 + i));
    }

    private static List<String> newestFirst(List<Document> changes) {
        return changes.stream()
                .sorted(Comparator.comparing((Document d) -> d.getDate("at"))
                        .thenComparing(d -> d.getString("_id"))
                        .reversed())
                .map(d -> d.getString("_id"))
                .toList();
    }

    /** Every page of a query, following nextCursor; the event ids in the order served. */
    private static List<String> walk(String account, Map<String, ?> params, int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParams(params).queryParam("limit", limit);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/v1/accounts/{id}/segments/history", account)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<String> ids = page.getList("changes.eventId");
            assertThat(ids.size()).isLessThanOrEqualTo(limit);
            seen.addAll(ids);
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return seen;
    }

    private static JsonPath page(String account, Map<String, ?> params) {
        return given().queryParams(params)
                .get("/v1/accounts/{id}/segments/history", account)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void badRequest(Map<String, ?> params, String field, String reason) {
        given().queryParams(params)
                .get("/v1/accounts/acc-h-any/segments/history")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString(field))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].reason", equalTo(reason));
    }
}
