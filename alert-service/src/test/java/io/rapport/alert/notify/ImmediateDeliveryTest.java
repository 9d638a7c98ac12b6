package io.rapport.alert.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.mongodb.client.model.Filters;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rapport.alert.domain.alert.Alert;
import io.rapport.alert.domain.alert.AlertQuery;
import io.rapport.alert.domain.alert.AlertStore;
import io.rapport.alert.domain.dispatch.AggregationGroup;
import io.rapport.alert.domain.rules.Scores;
import io.rapport.alert.outbox.NotificationLog;
import io.rapport.alert.outbox.OutboxSender;
import io.rapport.alert.testing.MovableClock;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.AlertState;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ImmediateDelivery}, end to end: a score in over Kafka fires the shipped {@code score-below-40}
 * rule, and the alert reaches a webhook (WireMock) while the scheduled group flush and outbox send are
 * switched off ({@code flush-every}, {@code send-every} and {@code due-resync} are {@code off}, so Quarkus creates no job for
 * them). Only the wake-up of the notice that made its group due can then deliver it. The routing file
 * ({@code routing/immediate-routing.yml}) sends the alert of an {@code immediate-*} account there with
 * {@code group_wait: 0s} and that of a {@code waiting-*} account with {@code group_wait: 30s}.
 */
@QuarkusTest
@TestProfile(ImmediateDeliveryTest.ScheduledDeliveryOff.class)
@WithTestResource(EmbeddedInfrastructureResource.class)
@WithTestResource(NotifyServersResource.class)
class ImmediateDeliveryTest {
    /** Kafka in → alert stored and grouped; includes the consumer's first partition assignment. */
    private static final Duration PROCESSED = Duration.ofSeconds(30);
    /** Grouped → on the webhook: generous, and the disabled schedule would never deliver at all. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    /** The scheduled flush and send off; the test routing file. */
    public static class ScheduledDeliveryOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "rapport.alert.notify.flush-every", "off",
                    "rapport.alert.notify.send-every", "off",
                    "rapport.alert.notify.due-resync", "off",
                    "rapport.alert.routing-file", "classpath:routing/immediate-routing.yml");
        }
    }

    @InjectNotifyServers
    NotifyServers servers;

    @Inject
    AlertStore store;

    @Inject
    AggregationGroupRepository groups;

    @Inject
    NotificationLog log;

    @Inject
    Scheduler scheduler;

    @Inject
    MovableClock clock;

    @BeforeEach
    void setUp() {
        servers.http().resetAll();
        servers.http().stubFor(post(urlPathMatching("/.*")).willReturn(ok("ok")));
        // The premise: nothing but ImmediateDelivery flushes groups or drains the outbox here.
        assertThat(scheduler.getScheduledJobs())
                .extracting(Trigger::getMethodDescription)
                .noneMatch(job ->
                        job.contains(GroupFlusher.class.getName()) || job.contains(OutboxSender.class.getName()));
    }

    @Test
    void anAlertOnARouteWithoutGroupWaitIsDeliveredAtOnceAndExactlyOnce() {
        String account = account("immediate-");
        String alertId = fireAndAwaitGroup(account).alerts().get(0).alert().alertId();

        await("webhook call of the group_wait 0s alert")
                .atMost(PROMPTLY)
                .until(() -> webhookCalls(account).size() == 1);
        await().atMost(PROMPTLY).until(() -> "sent".equals(outcome(alertId)));
        assertThat(webhookCalls(account).get(0).getBodyAsString()).contains(alertId);
        // Marked sent after one attempt, and nothing sends it again.
        await("no second webhook call")
                .during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> webhookCalls(account).size() == 1);
        assertThat(log.collection()
                        .find(Filters.eq("alertIds", alertId))
                        .first()
                        .getInteger("attempts"))
                .isEqualTo(1);
    }

    @Test
    void anAlertOnARouteWithGroupWaitIsHeldForIt() {
        String waiting = account("waiting-");
        AggregationGroup held = fireAndAwaitGroup(waiting);
        assertThat(held.receiver()).isEqualTo("webhook");
        assertThat(held.groupWait()).isEqualTo(Duration.ofSeconds(30));

        // A group_wait 0s alert afterwards: its wake-up flushes and sends whatever is due, promptly.
        String immediate = account("immediate-");
        fireAndAwaitGroup(immediate);
        await("webhook call of the group_wait 0s alert")
                .atMost(PROMPTLY)
                .until(() -> webhookCalls(immediate).size() == 1);

        // The waiting alert is not sent by it, nor during the whole bound the other one had.
        await("no webhook call of the group_wait 30s alert")
                .during(PROMPTLY)
                .atMost(PROMPTLY.plusSeconds(5))
                .until(() -> webhookCalls(waiting).isEmpty());
        AggregationGroup still = groups.find(held.id()).orElseThrow();
        assertThat(still.lastFlushAt()).isNull();
        assertThat(still.nextFlushAt()).isAfter(clock.instant());
    }

    /** Publishes a score of 35 for a new account and waits until its score-below-40 alert is grouped. */
    private AggregationGroup fireAndAwaitGroup(String account) {
        String score = new String(
                RapportJson.toBytes(Scores.score(
                        account, 1, 35, null, Map.of(), AccountKind.CUSTOMER, "key", 0.9, clock.instant())),
                StandardCharsets.UTF_8);
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.send(Topics.SCORES, account, score);
        }
        String alertId = await().atMost(PROCESSED)
                .until(
                        () -> store
                                .list(new AlertQuery(
                                        account, null, null, AlertState.FIRING, "score-below-40", null, null, 0, 1))
                                .items()
                                .stream()
                                .findFirst()
                                .map(Alert::id),
                        Optional::isPresent)
                .orElseThrow();
        return await().atMost(PROCESSED)
                .until(() -> groups.containing(alertId), found -> !found.isEmpty())
                .get(0);
    }

    /** A new account id matched by the route of {@code prefix}. */
    private static String account(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<LoggedRequest> webhookCalls(String account) {
        return servers.http()
                .findAll(postRequestedFor(urlEqualTo(NotifyServers.WEBHOOK)).withRequestBody(containing(account)));
    }

    private String outcome(String alertId) {
        Document entry = log.collection().find(Filters.eq("alertIds", alertId)).first();
        return entry == null ? null : entry.getString("outcome");
    }
}
