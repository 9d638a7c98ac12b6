package io.rapport.segmentation.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.InsertManyOptions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import io.rapport.segmentation.SegmentationTestSupport;
import io.rapport.segmentation.messaging.MembershipUpdater;
import io.rapport.segmentation.store.Collections;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class SegmentResourceTest {
    @Inject
    MembershipUpdater updater;

    @Inject
    Collections collections;

    @Inject
    Clock clock;

    @Test
    void anAnonymousRequestGets401AsProblemJson() {
        given().when()
                .get("/v1/segments")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
    }

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void anAnalystCannotCreateDefinitions() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "x", "expression", "score > 1.0"))
                .post("/v1/segments")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "t", roles = "analyst")
    void listsTheBuiltInSegmentsWithSizes() {
        given().get("/v1/segments")
                .then()
                .statusCode(200)
                .body("id", hasItem("rfm-champions"))
                .body("id", hasItem("value-strategic"))
                .body("find { it.id == 'band-watch' }.builtIn", equalTo(true));
    }

    @Test
    @TestSecurity(user = "t", roles = "admin")
    void anInvalidExpressionGets400WithPositionAndMessage() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "broken", "expression", "score >= "))
                .post("/v1/segments")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://rapport.io/problems/invalid-expression"))
                .body("errors[0].field", equalTo("expression"))
                .body("errors[0].line", equalTo(1))
                .body("errors[0].column", equalTo(10))
                .body("errors[0].reason", containsString("mismatched input"));
    }

    @Test
    @TestSecurity(user = "t", roles = "admin")
    void anUnknownAttributeIsRejectedAtDefinitionTime() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "unknown", "expression", "industry == 'x' && revenue > 1.0"))
                .post("/v1/segments")
                .then()
                .statusCode(400)
                .body("errors[0].column", equalTo(20))
                .body("errors[0].reason", containsString("undeclared reference to 'revenue'"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "unknown key", "expression", "components.loyalty > 1.0"))
                .post("/v1/segments")
                .then()
                .statusCode(400)
                .body("errors[0].reason", containsString("unknown attribute 'components.loyalty'"));
    }

    @Test
    @TestSecurity(
            user = "t",
            roles = {"admin", "analyst"})
    void aNewDefinitionIsBackFilledAndAChangedOneGetsANewVersion() {
        for (int i = 0; i < 40; i++) {
            updater.apply(SegmentationTestSupport.score(String.format("bf-%03d", i), 1, 20 + i * 2, 3, 3, 3));
        }
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "id", "bf-high", "name", "High", "expression", "accountId.startsWith('bf-') && score >= 60.0"))
                .post("/v1/segments")
                .then()
                .statusCode(201)
                .body("version", equalTo(1));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/v1/segments/bf-high/backfill")
                        .then()
                        .body("state", equalTo("done"))
                        .body("version", equalTo(1)));
        JsonPath progress = given().get("/v1/segments/bf-high/backfill").jsonPath();
        assertThat(progress.getLong("done"))
                .isEqualTo(progress.getLong("total"))
                .isGreaterThanOrEqualTo(40);
        assertThat(progress.getLong("entered")).isEqualTo(20); // scores 60..98
        JsonPath page = given().queryParam("limit", 1000)
                .get("/v1/segments/bf-high/members")
                .jsonPath();
        assertThat(page.getList("members.accountId")).hasSize(20);
        assertThat(page.getList("members.definitionVersion", Integer.class)).containsOnly(1);

        given().contentType(ContentType.JSON)
                .body(Map.of("name", "High", "expression", "accountId.startsWith('bf-') && score >= 80.0"))
                .put("/v1/segments/bf-high")
                .then()
                .statusCode(200)
                .body("version", equalTo(2));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/v1/segments/bf-high/backfill")
                        .then()
                        .body("state", equalTo("done"))
                        .body("version", equalTo(2))
                        .body("left", equalTo(10)));
        JsonPath after = given().queryParam("limit", 1000)
                .get("/v1/segments/bf-high/members")
                .jsonPath();
        assertThat(after.getList("members.accountId")).hasSize(10);
        // the members that stayed were put there by version 1 and confirmed by version 2
        assertThat(after.getList("members.definitionVersion", Integer.class)).containsOnly(1);
        assertThat(after.getList("members.confirmedVersion", Integer.class)).containsOnly(2);
        JsonPath history = given().queryParam("from", "2000-01-01")
                .queryParam("to", "2100-01-01")
                .get("/v1/segments/bf-high/history")
                .jsonPath();
        assertThat(history.getList("changes.findAll { it.change == 'left' }.definitionVersion", Integer.class))
                .hasSize(10)
                .containsOnly(2);
        given().get("/v1/accounts/bf-039/segments").then().statusCode(200).body("segmentId", hasItem("bf-high"));
        given().get("/v1/segments/bf-high/overlap/band-healthy")
                .then()
                .statusCode(200)
                .body("both", equalTo(10));
        given().get("/v1/segments/bf-high/sizes").then().statusCode(200).body("currentSize", equalTo(10));
    }

    @Test
    @TestSecurity(
            user = "t",
            roles = {"admin", "analyst"})
    void cursorPagesSkipAndRepeatNoMemberWhileMembersChange() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "id", "pg", "name", "Paging", "expression", "accountId.startsWith('pg-') && score >= 10.0"))
                .post("/v1/segments")
                .then()
                .statusCode(201);
        // Many ties on score, so the account id tie-breaker matters.
        List<Document> members = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            members.add(member("pg", String.format("pg-%04d", i), 10 + (i % 30)));
        }
        collections.get(Collections.MEMBERSHIPS).insertMany(members);
        Set<String> stable = new HashSet<>(
                members.stream().map(d -> d.getString("accountId")).toList());
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pageNo = 0;
        do {
            var request = given().queryParam("limit", 37).queryParam("sort", "score");
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/v1/segments/pg/members")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("members.accountId"));
            cursor = page.getString("nextCursor");
            // Between pages: members join above and below the cursor and others leave.
            pageNo++;
            String joinHigh = "pg-new-high-" + pageNo;
            String joinLow = "pg-new-low-" + pageNo;
            collections
                    .get(Collections.MEMBERSHIPS)
                    .insertMany(List.of(member("pg", joinHigh, 99), member("pg", joinLow, 10)));
            String leaver = String.format("pg-%04d", 299 - pageNo);
            collections.get(Collections.MEMBERSHIPS).deleteOne(new Document("_id", "pg/" + leaver));
            stable.remove(leaver);
        } while (cursor != null);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(stable);
    }

    @Test
    @TestSecurity(
            user = "t",
            roles = {"admin", "analyst"})
    void exportsTwentyThousandMembersAsCsvAndNdjsonThroughAStream() throws Exception {
        given().contentType(ContentType.JSON)
                .body(Map.of("id", "exp", "name", "Export", "expression", "accountId.startsWith('exp-')"))
                .post("/v1/segments")
                .then()
                .statusCode(201);
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            batch.add(member("exp", String.format("exp-%06d", i), i % 100));
            if (batch.size() == 5000) {
                collections.get(Collections.MEMBERSHIPS).insertMany(batch, new InsertManyOptions().ordered(false));
                batch.clear();
            }
        }
        try (InputStream csv = given().queryParam("format", "csv")
                .get("/v1/segments/exp/export")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asInputStream()) {
            List<String> lines = lines(csv);
            assertThat(lines).hasSize(20_001);
            assertThat(lines.get(0)).startsWith("accountId,score,band");
            assertThat(lines.get(1)).startsWith("exp-000000,");
            assertThat(lines.get(20_000)).startsWith("exp-019999,");
        }
        try (InputStream ndjson = given().accept("application/x-ndjson")
                .get("/v1/segments/exp/export")
                .then()
                .statusCode(200)
                .extract()
                .asInputStream()) {
            List<String> lines = lines(ndjson);
            assertThat(lines).hasSize(20_000);
            assertThat(JsonPath.from(lines.get(5)).getString("accountId")).isEqualTo("exp-000005");
        }
    }

    @Test
    @TestSecurity(
            user = "t",
            roles = {"admin", "analyst"})
    void exportQuotesValuesLeavesMissingOnesEmptyAndAppliesFilters() {
        // guards the export's row decoding (ExportRow): columns by position, types as the Document codec's
        given().contentType(ContentType.JSON)
                .body(Map.of("id", "esc", "name", "Escaping", "expression", "accountId.startsWith('esc-')"))
                .post("/v1/segments")
                .then()
                .statusCode(201);
        String at = "2026-03-12T11:20:03.512Z";
        Date fixed = Date.from(Instant.parse(at));
        collections
                .get(Collections.MEMBERSHIPS)
                .insertMany(List.of(
                        member("esc", "esc-1", 10.5)
                                .append("since", fixed)
                                .append("lastActivity", fixed)
                                .append("industry", "Food, \"Fresh\"\nDelivery")
                                .append("region", null)
                                .append("tier", "gold"),
                        member("esc", "esc-2", 20.0)
                                .append("since", fixed)
                                .append("lastActivity", fixed)
                                .append("band", "healthy"),
                        member("esc", "esc-3", 30.25)
                                .append("since", fixed)
                                .append("lastActivity", fixed)
                                .append("definitionVersion", 3L)
                                .append("owningTeam", "north")));
        String csv = given().queryParam("format", "csv")
                .queryParam("band", "watch")
                .get("/v1/segments/esc/export")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(csv)
                .isEqualTo("accountId,score,band,lifecycle,predictedValue,valueTier,lastActivity,industry,region,tier,"
                        + "owningTeam,since,definitionVersion\n"
                        + "esc-1,10.5,watch,,1050.0,," + at + ",\"Food, \"\"Fresh\"\"\nDelivery\",,gold,," + at + ",1\n"
                        + "esc-3,30.25,watch,,3025.0,," + at + ",,,,north," + at + ",3\n");
        // Jackson separates root values with a space, so every line after the first starts with one
        List<String> ndjson = Stream.of(given().queryParam("format", "ndjson")
                        .queryParam("band", "watch")
                        .get("/v1/segments/esc/export")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()
                        .split("\n"))
                .toList();
        assertThat(ndjson)
                .containsExactly(
                        "{\"accountId\":\"esc-1\",\"score\":10.5,\"band\":\"watch\",\"predictedValue\":1050.0,"
                                + "\"lastActivity\":\"" + at + "\",\"industry\":\"Food, \\\"Fresh\\\"\\nDelivery\","
                                + "\"tier\":\"gold\",\"since\":\"" + at + "\",\"definitionVersion\":1}",
                        "{\"accountId\":\"esc-3\",\"score\":30.25,\"band\":\"watch\",\"predictedValue\":3025.0,"
                                + "\"lastActivity\":\"" + at + "\",\"owningTeam\":\"north\",\"since\":\"" + at
                                + "\",\"definitionVersion\":3.0}");
    }

    @Test
    @TestSecurity(
            user = "t",
            roles = {"admin", "analyst"})
    void exportEncodesAwkwardValuesByteForByteInBothFormats() {
        // guards the export's encoding from raw BSON (ExportLineCodec): quotes, commas, line breaks, leading
        // and trailing characters that force CSV quoting, unicode, control characters, null, missing and
        // empty values, every number type, dates with and without millis; awk-2 holds a decimal, so it goes through
        // the reference encoding, the other rows through the encoding from raw BSON
        given().contentType(ContentType.JSON)
                .body(Map.of("id", "awk", "name", "Awkward", "expression", "accountId.startsWith('awk-')"))
                .post("/v1/segments")
                .then()
                .statusCode(201);
        Date at = Date.from(Instant.parse("2026-03-12T11:20:03.512Z"));
        Date whole = Date.from(Instant.parse("1999-12-31T23:59:59Z"));
        collections
                .get(Collections.MEMBERSHIPS)
                .insertMany(List.of(
                        new Document("_id", "awk/awk-1")
                                .append("segmentId", "awk")
                                .append("accountId", "awk-1")
                                .append("score", 0.1)
                                .append("band", "say \"hi\", then\r\nleave")
                                .append("lifecycle", " padded ")
                                .append("predictedValue", 1234567.895)
                                .append("valueTier", "")
                                .append("lastActivity", at)
                                .append("industry", "Café – 物流 \uD83D\uDE9A\t\\")
                                .append("region", null)
                                .append("owningTeam", "#north")
                                .append("since", whole)
                                .append("definitionVersion", 7L),
                        new Document("_id", "awk/awk-2")
                                .append("segmentId", "awk")
                                .append("accountId", "awk-2")
                                .append("score", -0.0)
                                .append("predictedValue", new Decimal128(new BigDecimal("1234.50")))
                                .append("valueTier", 12)
                                .append("tier", 1e-5)
                                .append("owningTeam", "a\u0001b")
                                .append("definitionVersion", 2),
                        new Document("_id", "awk/awk-3")
                                .append("segmentId", "awk")
                                .append("accountId", "awk-3")
                                .append("score", 1e7)
                                .append("band", "trailing ")));
        String csv = given().queryParam("format", "csv")
                .get("/v1/segments/awk/export")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(csv)
                .isEqualTo("accountId,score,band,lifecycle,predictedValue,valueTier,lastActivity,industry,region,tier,"
                        + "owningTeam,since,definitionVersion\n"
                        + "awk-1,0.1,\"say \"\"hi\"\", then\r\nleave\",\" padded \",1234567.895,,2026-03-12T11:20:03.512Z,"
                        + "Café – 物流 \uD83D\uDE9A\t\\,,,\"#north\",1999-12-31T23:59:59Z,7\n"
                        + "awk-2,-0.0,,,1234.50,12,,,,1.0E-5,a\u0001b,,2\n"
                        + "awk-3,1.0E7,\"trailing \",,,,,,,,,,\n");
        String ndjson = given().queryParam("format", "ndjson")
                .get("/v1/segments/awk/export")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(ndjson)
                .isEqualTo("{\"accountId\":\"awk-1\",\"score\":0.1,\"band\":\"say \\\"hi\\\", then\\r\\nleave\","
                        + "\"lifecycle\":\" padded \",\"predictedValue\":1234567.895,\"valueTier\":\"\","
                        + "\"lastActivity\":\"2026-03-12T11:20:03.512Z\",\"industry\":\"Café – 物流 \uD83D\uDE9A\\t\\\\\","
                        + "\"owningTeam\":\"#north\",\"since\":\"1999-12-31T23:59:59Z\",\"definitionVersion\":7.0}\n"
                        + "{\"accountId\":\"awk-2\",\"score\":-0.0,\"predictedValue\":1234.5,\"valueTier\":12,"
                        + "\"tier\":1.0E-5,\"owningTeam\":\"a\\u0001b\",\"definitionVersion\":2}\n"
                        + "{\"accountId\":\"awk-3\",\"score\":1.0E7,\"band\":\"trailing \"}\n");
    }

    @Test
    @TestSecurity(
            user = "t",
            roles = {"admin", "analyst"})
    void deletingASegmentRecordsAndPublishesAnExitPerMemberThenARecreationStartsAtTheNextVersion() throws Exception {
        given().contentType(ContentType.JSON)
                .body(Map.of("id", "gone", "name", "Gone", "expression", "accountId.startsWith('gone-')"))
                .post("/v1/segments")
                .then()
                .statusCode(201);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "done"
                        .equals(given().get("/v1/segments/gone/backfill")
                                .jsonPath()
                                .getString("state")));
        List<Document> members = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            members.add(member("gone", String.format("gone-%05d", i), i % 100).append("revision", 3L));
        }
        collections.get(Collections.MEMBERSHIPS).insertMany(members);

        given().delete("/v1/segments/gone")
                .then()
                .statusCode(202)
                .header("Location", "/v1/segments/gone/backfill")
                .body("reason", equalTo("deleted"));
        given().get("/v1/segments/gone").then().statusCode(404);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "done"
                        .equals(given().get("/v1/segments/gone/backfill")
                                .jsonPath()
                                .getString("state")));
        given().get("/v1/segments/gone/backfill").then().body("left", equalTo(2_500));

        assertThat(collections.get(Collections.MEMBERSHIPS).countDocuments(new Document("segmentId", "gone")))
                .isZero();
        List<Document> exits = collections
                .get(Collections.HISTORY)
                .find(new Document("segmentId", "gone"))
                .into(new ArrayList<>());
        assertThat(exits).hasSize(2_500).allSatisfy(h -> {
            assertThat(h.getString("change")).isEqualTo("left");
            assertThat(h.get("values", Document.class)).containsEntry("reason", "segment deleted");
        });
        assertThat(exits.get(0).getString("_id")).endsWith("-r3-left");
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            Set<String> published = new HashSet<>();
            ObjectMapper json = new ObjectMapper();
            for (var r : kafka.readUntil(Topics.SEGMENT_CHANGES, r -> false, Duration.ofSeconds(5))) {
                JsonNode event = json.readTree(r.value());
                if ("gone".equals(event.path("segmentId").asText())) {
                    assertThat(event.path("change").asText()).isEqualTo("left");
                    published.add(event.path("eventId").asText());
                }
            }
            assertThat(published).hasSize(2_500);
        }

        given().contentType(ContentType.JSON)
                .body(Map.of("id", "gone", "name", "Gone again", "expression", "accountId.startsWith('gone-again-')"))
                .post("/v1/segments")
                .then()
                .statusCode(201)
                .body("version", equalTo(2));
    }

    private Document member(String segmentId, String accountId, double score) {
        Date now = Date.from(clock.instant());
        return new Document("_id", segmentId + "/" + accountId)
                .append("segmentId", segmentId)
                .append("accountId", accountId)
                .append("since", now)
                .append("definitionVersion", 1)
                .append("confirmedVersion", 1)
                .append("score", score)
                .append("predictedValue", score * 100)
                .append("lastActivity", now)
                .append("band", "watch");
    }

    private static List<String> lines(InputStream in) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
