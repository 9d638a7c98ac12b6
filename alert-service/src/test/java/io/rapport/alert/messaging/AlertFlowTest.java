package io.rapport.alert.messaging;

import static io.rapport.alert.domain.rules.Scores.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.alert.domain.alert.Alert;
import io.rapport.alert.domain.alert.AlertPage;
import io.rapport.alert.domain.alert.AlertQuery;
import io.rapport.alert.domain.alert.AlertStore;
import io.rapport.alert.domain.notify.AlertNotice;
import io.rapport.alert.testing.MovableClock;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.AlertState;
import io.rapport.common.event.Interactions;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.event.SurveyKind;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.rapport.common.store.LatestScoreRepository;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signals in over Kafka; alerts out to the store, {@code rapport.alerts.v1} and AlertNotice. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class AlertFlowTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    AlertStore store;

    @Inject
    RecordedNotices notices;

    @Inject
    LatestScoreRepository latestScores;

    @Inject
    MovableClock clock;

    @BeforeEach
    void freezeTheClock() {
        // assertions compare exact timestamps with the clock
        clock.freeze();
    }

    Optional<Alert> alertOf(String accountId, String ruleId, AlertState state) {
        AlertPage page = store.list(new AlertQuery(accountId, null, null, state, ruleId, null, null, 0, 10));
        return page.items().stream().findFirst();
    }

    static String json(ScoreChangedEvent score) {
        return new String(RapportJson.toBytes(score), StandardCharsets.UTF_8);
    }

    @Test
    void aScoreBelowThresholdFiresOnceUnderRedeliveryAndRecoveryResolvesIt() {
        String acc = "acc-flow-below";
        Instant t = Instant.parse("2026-03-12T09:00:00Z");
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.send(
                    Topics.SCORES, acc, json(score(acc, 1, 75, null, Map.of(), AccountKind.CUSTOMER, "key", 0.9, t)));
            String low = json(score(acc, 2, 35, 75.0, Map.of(), AccountKind.CUSTOMER, "key", 0.9, t.plusSeconds(60)));
            kafka.send(Topics.SCORES, acc, low);

            Alert firing = await().atMost(WAIT)
                    .until(() -> alertOf(acc, "score-below-40", AlertState.FIRING), Optional::isPresent)
                    .orElseThrow();
            assertThat(firing.topic()).isEqualTo("relationship");
            assertThat(firing.labels())
                    .containsEntry("severity", "critical")
                    .containsEntry("account_kind", "customer")
                    .containsEntry("rule", "score-below-40");
            assertThat(firing.summary()).isEqualTo("Account " + acc + ": relationship score 35 is below 40 (at_risk)");
            assertThat(firing.explanation()).containsEntry("causingEventId", "score-" + acc + "-r2");

            var published = kafka.readUntil(
                    Topics.ALERTS,
                    r -> r.value().contains(firing.id()) && r.value().contains("\"firing\""),
                    WAIT);
            assertThat(published).anySatisfy(r -> {
                assertThat(r.key()).isEqualTo(acc);
                assertThat(r.value()).contains("\"eventId\":\"" + firing.id() + "-r1\"");
            });
            await().atMost(WAIT).until(() -> noticesOf(acc, firing.id()).size() >= 1);
            AlertNotice notice = noticesOf(acc, firing.id()).get(0);
            assertThat(notice.status()).isEqualTo(AlertNotice.Status.FIRING);
            assertThat(notice.labels()).containsEntry("topic", "relationship");
            assertThat(notice.annotations()).containsKey("summary").containsKey("link");

            // Regression: a redelivered score re-emits the alert (before the ack) but never counts twice.
            kafka.send(Topics.SCORES, acc, low);
            await().atMost(WAIT).until(() -> noticesOf(acc, firing.id()).size() >= 2);
            assertThat(noticesOf(acc, firing.id()).get(1).updatedAt()).isEqualTo(notice.updatedAt());
            assertThat(store.find(firing.id()).orElseThrow().count()).isEqualTo(1);

            kafka.send(
                    Topics.SCORES,
                    acc,
                    json(score(acc, 3, 55, 35.0, Map.of(), AccountKind.CUSTOMER, "key", 0.9, t.plusSeconds(120))));
            Alert resolved = await().atMost(WAIT)
                    .until(() -> store.find(firing.id()), a -> a.orElseThrow().state() == AlertState.RESOLVED)
                    .orElseThrow();
            assertThat(resolved.resolvedBy()).isEqualTo("rapport");
            assertThat(resolved.endsAt()).isNotNull();
            await().atMost(WAIT)
                    .until(() -> noticesOf(acc, firing.id()).stream()
                            .anyMatch(n -> n.status() == AlertNotice.Status.RESOLVED && n.endsAt() != null));
        }
    }

    @Test
    void aDetractorSurveyRaisesASupportAlert() {
        String acc = "acc-flow-nps";
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.send(
                    Topics.SCORES,
                    acc,
                    json(score(acc, 1, 70, null, Map.of(), AccountKind.CUSTOMER, "core", 0.9, clock.instant())));
            await().atMost(WAIT).until(() -> latestScores.find(acc).isPresent());
            kafka.send(new Interactions.SurveyResponse(
                    "nps-" + acc, acc, clock.instant(), "qualtrics", SurveyKind.NPS, 3, null, "too slow"));

            Alert alert = await().atMost(WAIT)
                    .until(() -> alertOf(acc, "detractor-survey", AlertState.FIRING), Optional::isPresent)
                    .orElseThrow();
            assertThat(alert.topic()).isEqualTo("support");
            assertThat(alert.summary()).isEqualTo("Account " + acc + ": detractor NPS 3");
            assertThat(alert.description()).isEqualTo("Comment: too slow");
            await().atMost(WAIT).until(() -> !noticesOf(acc, alert.id()).isEmpty());
            assertThat(noticesOf(acc, alert.id()).get(0).labels()).containsEntry("topic", "support");
        }
    }

    @Test
    void aSupplierDeliveryDelayRaisesAnOperationsAlert() {
        String acc = "acc-flow-supplier";
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.send(
                    Topics.SCORES,
                    acc,
                    json(score(acc, 1, 66, null, Map.of(), AccountKind.SUPPLIER, "core", 0.9, clock.instant())));
            await().atMost(WAIT).until(() -> latestScores.find(acc).isPresent());
            kafka.send(new Interactions.DeliveryDelayed("dd-" + acc, acc, clock.instant(), "wms", "PO-77", 6));

            Alert alert = await().atMost(WAIT)
                    .until(() -> alertOf(acc, "delivery-delayed", AlertState.FIRING), Optional::isPresent)
                    .orElseThrow();
            assertThat(alert.topic()).isEqualTo("operations");
            assertThat(alert.labels()).containsEntry("account_kind", "supplier").containsEntry("topic", "operations");
            assertThat(alert.summary())
                    .isEqualTo("Account " + acc + " (supplier): delivery for order PO-77 is 6 days late");
        }
    }

    List<AlertNotice> noticesOf(String accountId, String alertId) {
        return notices.of(accountId).stream()
                .filter(n -> n.alertId().equals(alertId))
                .toList();
    }
}
