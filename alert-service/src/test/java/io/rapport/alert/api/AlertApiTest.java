package io.rapport.alert.api;

import static io.rapport.alert.domain.rules.Scores.score;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.rapport.alert.domain.alert.Alert;
import io.rapport.alert.domain.alert.AlertProcessor;
import io.rapport.alert.domain.rules.AccountFacts;
import io.rapport.alert.domain.rules.Signal;
import io.rapport.alert.store.RuleCatalog;
import io.rapport.alert.testing.MovableClock;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.store.LatestScoreRepository;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /v1/alerts and /v1/rules API: filters, paging, acknowledge and resolve with who and when, rules CRUD. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class AlertApiTest {
    @Inject
    AlertProcessor processor;

    @Inject
    RuleCatalog rules;

    @Inject
    MovableClock clock;

    @BeforeEach
    void freezeTheClock() {
        // assertions compare exact timestamps with the clock
        clock.freeze();
    }

    @Inject
    LatestScoreRepository latestScores;

    List<Alert> fire(String acc, long revision, double value, Map<String, Double> indicators) {
        ScoreChangedEvent s =
                score(acc, revision, value, 80.0, indicators, AccountKind.CUSTOMER, "key", 0.9, clock.instant());
        return processor.process(new Signal.Score(s), AccountFacts.unknown(acc).withScore(s), rules.enabled());
    }

    @Test
    @TestSecurity(
            user = "ana",
            roles = {"analyst"})
    void listsByFiltersAndPagesAndRecordsWhoAcknowledgedAndResolved() {
        String acc = "acc-api-1";
        clock.advance(Duration.ofDays(1));
        String from = clock.instant().toString();
        List<Alert> alerts = fire(acc, 1, 30, Map.of("maxDaysOverdue", 45.0, "overdueAmount", 900.0));
        assertThat(alerts).extracting(Alert::ruleId).contains("score-below-40", "invoice-overdue-30d");
        String billing = alerts.stream()
                .filter(a -> a.ruleId().equals("invoice-overdue-30d"))
                .findFirst()
                .orElseThrow()
                .id();

        given().queryParam("accountId", acc)
                .queryParam("topic", "billing")
                .when()
                .get("/v1/alerts")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(billing))
                .body("items[0].labels.topic", equalTo("billing"));
        given().queryParam("accountId", acc)
                .queryParam("severity", "critical")
                .queryParam("state", "firing")
                .when()
                .get("/v1/alerts")
                .then()
                .statusCode(200)
                .body("items.ruleId", hasItem("score-below-40"));
        given().queryParam("accountId", acc)
                .queryParam("size", 1)
                .when()
                .get("/v1/alerts")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("total", equalTo(alerts.size()));
        given().queryParam("accountId", acc)
                .queryParam("to", from)
                .when()
                .get("/v1/alerts")
                .then()
                .body("total", equalTo(0));
        given().queryParam("accountId", acc)
                .queryParam("from", from)
                .when()
                .get("/v1/alerts")
                .then()
                .body("total", equalTo(alerts.size()));
        given().queryParam("state", "sleeping")
                .when()
                .get("/v1/alerts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("state"));

        given().when()
                .get("/v1/alerts/" + billing)
                .then()
                .statusCode(200)
                .body("explanation.daysOverdue", equalTo(45.0f))
                // the billing alert is routed by its topic to finance; nothing is sent before group_wait
                .body("route.receiver", org.hamcrest.Matchers.hasItem("finance"))
                .body("deliveries.size()", equalTo(0));

        clock.advance(Duration.ofMinutes(5));
        given().when()
                .post("/v1/alerts/" + billing + "/acknowledge")
                .then()
                .statusCode(200)
                .body("state", equalTo("acknowledged"))
                .body("acknowledgedBy", equalTo("ana"))
                .body("acknowledgedAt", equalTo(clock.instant().toString()));
        clock.advance(Duration.ofMinutes(5));
        given().contentType(ContentType.JSON)
                .body(Map.of("comment", "payment plan agreed"))
                .when()
                .post("/v1/alerts/" + billing + "/resolve")
                .then()
                .statusCode(200)
                .body("state", equalTo("resolved"))
                .body("resolvedBy", equalTo("ana"))
                .body("resolvedAt", equalTo(clock.instant().toString()))
                .body("resolution", equalTo("payment plan agreed"));
        given().when()
                .post("/v1/alerts/" + billing + "/acknowledge")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        given().when().get("/v1/alerts/al-missing").then().statusCode(404);
        given().when().get("/v1/rules").then().statusCode(403);
    }

    @Test
    void anonymousCallersAreRefused() {
        given().when().get("/v1/alerts").then().statusCode(401);
    }

    @Test
    @TestSecurity(
            user = "root",
            roles = {"admin"})
    void rulesAreCreatedDryRunUpdatedAndDeletedAndBadOnesNameTheField() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "id", "x-1", "type", "score_sideways", "topic", "billing", "severity", "info", "summary", "x"))
                .when()
                .post("/v1/rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", containsString("unknown-rule-type"))
                .body("errors[0].field", equalTo("type"));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "id",
                        "x-1",
                        "type",
                        "score_below",
                        "parameters",
                        Map.of("threshold", 500),
                        "topic",
                        "billing",
                        "severity",
                        "info",
                        "summary",
                        "{acount}"))
                .when()
                .post("/v1/rules")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("parameters.threshold"))
                .body("errors.field", hasItem("summary"));

        Map<String, Object> rule = Map.of(
                "id", "vip-below-60",
                "type", "score_below",
                "parameters", Map.of("threshold", 60),
                "topic", "relationship",
                "severity", "warning",
                "labels", Map.of("team", "vip"),
                "summary", "{account} below {threshold}: {score}");
        given().contentType(ContentType.JSON)
                .body(rule)
                .when()
                .post("/v1/rules")
                .then()
                .statusCode(201)
                .body("parameters.threshold", equalTo(60.0f));
        given().contentType(ContentType.JSON)
                .body(rule)
                .when()
                .post("/v1/rules")
                .then()
                .statusCode(409);

        String acc = "acc-api-dry";
        latestScores.saveIfNewer(score(acc, 1, 50, 65.0, Map.of(), AccountKind.PARTNER, "core", 0.9, clock.instant()));
        given().queryParam("accountId", acc)
                .when()
                .post("/v1/rules/vip-below-60/dry-run")
                .then()
                .statusCode(200)
                .body("wouldFire", equalTo(true))
                .body("firing[0].summary", equalTo("Account " + acc + " below 60: 50"))
                .body("firing[0].labels.team", equalTo("vip"))
                .body("firing[0].labels.account_kind", equalTo("partner"));

        Map<String, Object> changed = new java.util.HashMap<>(rule);
        changed.put("parameters", Map.of("threshold", 45));
        given().contentType(ContentType.JSON)
                .body(changed)
                .when()
                .put("/v1/rules/vip-below-60")
                .then()
                .statusCode(200);
        given().queryParam("accountId", acc)
                .when()
                .post("/v1/rules/vip-below-60/dry-run")
                .then()
                .body("wouldFire", equalTo(false))
                .body("clears[0]", containsString("back at or above 45"));

        given().when().delete("/v1/rules/vip-below-60").then().statusCode(204);
        given().when().get("/v1/rules/vip-below-60").then().statusCode(404);
        given().when().get("/v1/rules").then().statusCode(200).body("id", hasItem("detractor-survey"));
    }
}
