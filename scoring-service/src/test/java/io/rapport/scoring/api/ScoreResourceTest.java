package io.rapport.scoring.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Direction;
import io.rapport.common.event.RapportEvent;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import io.rapport.scoring.domain.Events;
import io.rapport.scoring.store.AccountStateRepository;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class ScoreResourceTest {

    @Inject
    AccountStateRepository states;

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
