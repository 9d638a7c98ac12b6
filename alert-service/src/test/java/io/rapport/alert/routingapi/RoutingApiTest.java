package io.rapport.alert.routingapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.rapport.alert.domain.notify.AlertNotice;
import io.rapport.alert.notify.InjectNotifyServers;
import io.rapport.alert.notify.NoticeFixtures;
import io.rapport.alert.notify.NotifyServers;
import io.rapport.alert.testing.MovableClock;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.restassured.http.ContentType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/routes} and {@code /v1/silences}. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
@WithTestResource(io.rapport.alert.notify.NotifyServersResource.class)
class RoutingApiTest {

    @InjectNotifyServers
    NotifyServers servers;

    @Inject
    Event<AlertNotice> notices;

    @Inject
    MovableClock clock;

    @BeforeEach
    void letTheClockRun() {
        clock.run();
    }

    @Test
    @TestSecurity(user = "ana", roles = "analyst")
    void theTreeIsShownAsConfigured() {
        given().get("/v1/routes")
                .then()
                .statusCode(200)
                .body("receiver", equalTo("default-webhook"))
                .body("groupBy", equalTo(java.util.List.of("account", "topic")))
                .body("groupWait", equalTo("30s"))
                .body("routes", hasSize(6))
                .body("routes[0].matchers", equalTo(java.util.List.of("topic=\"billing\"")))
                .body("routes[0].receiver", equalTo("finance"));
    }

    @Test
    @TestSecurity(user = "ana", roles = "analyst")
    void testingLabelsShowsEveryReceiverWithResolvedOptions() {
        given().contentType(ContentType.JSON)
                .body(Map.of("labels", Map.of("topic", "relationship", "severity", "critical", "account", "a1")))
                .post("/v1/routes/test")
                .then()
                .statusCode(200)
                .body("receiver", equalTo(java.util.List.of("account-team-email", "account-team")))
                .body("[0].repeatInterval", equalTo("1h"))
                .body("[1].repeatInterval", equalTo("4h"))
                .body(
                        "[0].groupKey",
                        equalTo(
                                "{}/{severity=\"critical\",topic=\"relationship\"}:{account=\"a1\", topic=\"relationship\"}"));
    }

    @Test
    @TestSecurity(user = "ana", roles = "analyst")
    void analystsCannotCreateSilences() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "matchers",
                        java.util.List.of("topic=\"billing\""),
                        "comment",
                        "x",
                        "endsAt",
                        "2099-01-01T00:00:00Z"))
                .post("/v1/silences")
                .then()
                .statusCode(403);
    }

    @Test
    @TestSecurity(user = "adam", roles = "admin")
    void aBadMatcherIsAProblemNamingTheField() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "matchers", java.util.List.of("topic=\"billing\"", "account=~\"(\""),
                        "comment", "maintenance",
                        "endsAt", "2099-01-01T00:00:00Z"))
                .post("/v1/silences")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("matchers[1]"));
    }

    @Test
    @TestSecurity(user = "adam", roles = "admin")
    void aSilenceMutesMatchingAlertsUntilItIsExpired() {
        String acc = "acc-" + UUID.randomUUID().toString().substring(0, 8);
        servers.http().stubFor(WireMock.post(WireMock.urlPathMatching("/.*")).willReturn(WireMock.ok()));
        String id = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "matchers", java.util.List.of("account=\"" + acc + "\""),
                        "comment", "customer migration",
                        "endsAt", clock.instant().plus(Duration.ofDays(1)).toString()))
                .post("/v1/silences")
                .then()
                .statusCode(201)
                .body("createdBy", equalTo("adam"))
                .body("state", equalTo("active"))
                .extract()
                .path("id");
        given().get("/v1/silences?state=active").then().statusCode(200).body("id", hasItem(id));
        given().get("/v1/silences/" + id)
                .then()
                .statusCode(200)
                .body("matchers[0]", equalTo("account=\"" + acc + "\""));

        notices.fire(NoticeFixtures.firing(acc, "other", "warning", clock.instant()));
        clock.advance(Duration.ofSeconds(31));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(requests(acc)).as("silenced").isZero();

        given().delete("/v1/silences/" + id).then().statusCode(204);
        given().get("/v1/silences/" + id).then().statusCode(200).body("state", equalTo("expired"));
        given().delete("/v1/silences/" + id).then().statusCode(409);
        clock.advance(Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> requests(acc) == 1);
    }

    private int requests(String acc) {
        return servers.http()
                .findAll(WireMock.postRequestedFor(WireMock.urlEqualTo(NotifyServers.WEBHOOK))
                        .withRequestBody(WireMock.containing(acc)))
                .size();
    }
}
