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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.alert.domain.dispatch.AggregationGroup;
import io.rapport.alert.domain.dispatch.DeliveryResult;
import io.rapport.alert.domain.notify.AlertNotice;
import io.rapport.alert.outbox.NotificationLog;
import io.rapport.alert.outbox.NotificationOutbox;
import io.rapport.alert.outbox.OutboxItem;
import io.rapport.alert.outbox.OutboxSender;
import io.rapport.alert.testing.MovableClock;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The structure of ADR 0009: the outbox holds only work to do and the notification log is the record of
 * what finished; due groups come from an in-memory schedule that must agree with the stored groups. Each
 * test names the breakage it guards against; the crash tests stop between two writes by calling the
 * steps of {@link OutboxSender} and {@link NotificationLog} themselves.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
@WithTestResource(NotifyServersResource.class)
class OutboxAndScheduleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectNotifyServers
    NotifyServers servers;

    @Inject
    Event<AlertNotice> notices;

    @Inject
    MovableClock clock;

    @Inject
    OutboxSender sender;

    @Inject
    GroupFlusher flusher;

    @Inject
    AggregationGroupRepository groups;

    @Inject
    NotificationOutbox outbox;

    @Inject
    NotificationLog log;

    @BeforeEach
    void setUp() {
        clock.run();
        sender.start();
        servers.http().resetAll();
        servers.http().stubFor(post(urlPathMatching("/.*")).atPriority(10).willReturn(ok("ok")));
    }

    @AfterEach
    void tearDown() {
        sender.start();
    }

    private static String account() {
        return "acc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private AlertNotice fire(String account, String topic) {
        AlertNotice n = NoticeFixtures.firing(account, topic, "warning", clock.instant());
        notices.fire(n);
        return n;
    }

    private List<LoggedRequest> webhookPosts(String account) {
        return servers.http()
                .findAll(postRequestedFor(urlEqualTo(NotifyServers.WEBHOOK)).withRequestBody(containing(account)));
    }

    private long inOutbox(String key) {
        return outbox.collection().countDocuments(Filters.eq("_id", key));
    }

    private Document logEntry(String key) {
        return log.collection().find(Filters.eq("_id", key)).first();
    }

    /** Claims items until the one of {@code alertId}; others are delivered normally on the way. */
    private OutboxItem claimItemOf(String alertId) {
        return OutboxClaims.claimItemOf(sender, alertId, WAIT);
    }

    /** Fires an alert to the webhook with the sender stopped and waits until its item is enqueued. */
    private AlertNotice enqueuedWithSenderStopped(String acc) {
        sender.stop();
        AlertNotice n = fire(acc, "other");
        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT).until(() -> outbox.collection().countDocuments(Filters.eq("alertIds", n.alertId())) == 1);
        return n;
    }

    @Test
    void aDeliveredItemLeavesTheOutboxAndItsKeyIsNeverEnqueuedOrSentAgain() throws Exception {
        String acc = account();
        sender.stop();
        AlertNotice n = fire(acc, "other");
        Document groupDoc =
                groups.collection().find(Filters.eq("alertIds", n.alertId())).first();
        AggregationGroup stale = groups.find(groupDoc.getString("_id")).orElseThrow();
        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT).until(() -> outbox.collection().countDocuments(Filters.eq("alertIds", n.alertId())) == 1);
        Document asEnqueued =
                outbox.collection().find(Filters.eq("alertIds", n.alertId())).first();

        OutboxItem item = claimItemOf(n.alertId());
        sender.record(item, sender.send(item));
        assertThat(inOutbox(item.key()))
                .as("a delivered item leaves the claimed collection")
                .isZero();
        assertThat(log.isFinished(item.key())).isTrue();
        assertThat(outbox.collection().countDocuments(Filters.in("status", "sent", "failed")))
                .as("nothing finished stays in the outbox")
                .isZero();

        // A flusher that crashed before updating the group plans the same flush again: the key is
        // finished, so nothing is enqueued although the outbox no longer has it.
        assertThat(flusher.flushGroup(stale)).isZero();
        assertThat(inOutbox(item.key())).isZero();

        // The race that check cannot close (a flush that read the log just before the delivery was
        // logged): the item is back in the outbox. The sender drops it instead of sending it.
        outbox.collection().insertOne(asEnqueued);
        sender.start();
        sender.deliverDue();
        await().atMost(WAIT).until(() -> inOutbox(item.key()) == 0);
        Thread.sleep(1500);
        assertThat(webhookPosts(acc)).hasSize(1);
        assertThat(logEntry(item.key()).getInteger("attempts")).isEqualTo(1);
        assertThat(logEntry(item.key()).getString("outcome")).isEqualTo("sent");
    }

    @Test
    void aCrashBetweenLoggingTheDeliveryAndDeletingTheItemDoesNotSendItAgain() throws Exception {
        String acc = account();
        AlertNotice n = enqueuedWithSenderStopped(acc);
        OutboxItem item = claimItemOf(n.alertId());
        assertThat(sender.send(item)).isInstanceOf(DeliveryResult.Delivered.class);
        log.record(item, clock.instant(), "sent", null, null);
        // The sender dies here: the log says sent, the item is still leased in the outbox.
        assertThat(inOutbox(item.key())).isOne();

        sender.start();
        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT).until(() -> inOutbox(item.key()) == 0);
        Thread.sleep(1500);
        assertThat(webhookPosts(acc)).as("sent once, before the crash").hasSize(1);
        assertThat(logEntry(item.key()).getInteger("attempts")).isEqualTo(1);
    }

    @Test
    void aCrashBeforeTheDeliveryIsLoggedSendsAgainAfterTheLease() throws Exception {
        String acc = account();
        AlertNotice n = enqueuedWithSenderStopped(acc);
        OutboxItem item = claimItemOf(n.alertId());
        assertThat(sender.send(item)).isInstanceOf(DeliveryResult.Delivered.class);
        // The sender dies before the log write: nothing says it finished, so it is not lost.
        sender.start();
        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT).until(() -> inOutbox(item.key()) == 0);
        assertThat(webhookPosts(acc)).hasSize(2);
        assertThat(logEntry(item.key()).getString("outcome")).isEqualTo("sent");
    }

    @Test
    void startUpMovesFinishedItemsOfTheOldLayoutToTheLogAndSchedulesTheLiveOnes() {
        String base = "legacy-" + UUID.randomUUID();
        Instant t = clock.instant().minus(Duration.ofHours(1));
        Instant future = clock.instant().plus(Duration.ofDays(365));
        Document common = new Document("receiver", "default-webhook")
                .append("channel", "webhook")
                .append("integration", "webhook-0")
                .append("groupKey", "{}:{account=\"legacy\"}")
                .append("alertIds", List.of(base))
                .append("createdAt", Date.from(t))
                .append("attempts", 1)
                .append("payload", "{}");
        outbox.collection()
                .insertMany(List.of(
                        new Document(common)
                                .append("_id", base + "-sent")
                                .append("status", "sent")
                                .append("sentAt", Date.from(t)),
                        new Document(common)
                                .append("_id", base + "-failed")
                                .append("status", "failed")
                                .append("failedAt", Date.from(t)),
                        new Document(common)
                                .append("_id", base + "-pending")
                                .append("status", "pending")
                                .append("nextAttemptAt", Date.from(future)),
                        new Document(common)
                                .append("_id", base + "-sending")
                                .append("status", "sending")
                                .append("leaseUntil", Date.from(future))
                                .append("leaseToken", UUID.randomUUID().toString())));
        // The old sender crashed between marking this one sent and logging it: the log says retrying.
        log.collection()
                .insertOne(new Document("_id", base + "-sent")
                        .append("outcome", "retrying")
                        .append("attempts", 1));
        try {
            assertThat(outbox.migrateFinishedItems()).isEqualTo(2);
            assertThat(inOutbox(base + "-sent") + inOutbox(base + "-failed")).isZero();
            assertThat(log.isFinished(base + "-sent")).isTrue();
            assertThat(log.isFinished(base + "-failed")).isTrue();
            assertThat(logEntry(base + "-sent").getString("outcome")).isEqualTo("sent");
            assertThat(logEntry(base + "-failed").getList("alertIds", String.class))
                    .containsExactly(base);
            Map<String, Date> dueAt = new HashMap<>();
            outbox.collection()
                    .find(Filters.in("_id", base + "-pending", base + "-sending"))
                    .forEach(d -> dueAt.put(d.getString("_id"), d.getDate("dueAt")));
            assertThat(dueAt)
                    .containsEntry(base + "-pending", Date.from(future))
                    .containsEntry(base + "-sending", Date.from(future));
            assertThat(outbox.migrateFinishedItems()).as("idempotent").isZero();
        } finally {
            outbox.collection().deleteMany(Filters.in("alertIds", base));
        }
    }

    private Map<String, Instant> storedNextFlush() {
        Map<String, Instant> out = new HashMap<>();
        groups.collection()
                .find()
                .forEach(d ->
                        out.put(d.getString("_id"), d.getDate("nextFlushAt").toInstant()));
        return out;
    }

    @Test
    void theDueScheduleAgreesWithTheStoredGroupsThroughFiresFlushesAndDeletions() {
        String acc = account();
        AlertNotice other = fire(acc, "other");
        AlertNotice billing = fire(acc, "billing");
        fire(acc, "support");
        notices.fire(NoticeFixtures.resolved(billing, clock.instant()));
        List<String> ids = groups.collection()
                .find(Filters.in("alertIds", other.alertId(), billing.alertId(), "alert-" + acc + "-support"))
                .map(d -> d.getString("_id"))
                .into(new java.util.ArrayList<>());
        assertThat(ids).hasSize(3);
        // Every group the store holds is scheduled no later than its stored time.
        assertScheduleCovers();

        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT)
                .until(() -> ids.stream()
                        .allMatch(id -> groups.find(id)
                                .map(g -> g.nextFlushAt().isAfter(clock.instant()))
                                .orElse(true)));
        assertScheduleCovers();
        Map<String, Instant> stored = storedNextFlush();
        // The flusher moved its groups' entries to their stored next flush (not left early, to be read again).
        for (String id : ids) {
            if (stored.containsKey(id)) {
                assertThat(groups.schedule().snapshot()).containsEntry(id, stored.get(id));
            }
        }
        // A restart schedules exactly the stored groups.
        assertThat(groups.loadSchedule().snapshot()).isEqualTo(storedNextFlush());
    }

    /** The schedule first, then the store: a flush in between only moves a stored time later. */
    private void assertScheduleCovers() {
        Map<String, Instant> live = groups.schedule().snapshot();
        storedNextFlush()
                .forEach((id, at) -> assertThat(live.get(id))
                        .as("schedule entry of group %s (stored next flush %s)", id, at)
                        .isNotNull()
                        .isBeforeOrEqualTo(at));
    }

    @Test
    void aGroupOnlyTheStoreKnowsIsScheduledByTheResyncAndADeletedOneLeavesTheSchedule() {
        String acc = account();
        AlertNotice n = fire(acc, "other");
        Document groupDoc =
                groups.collection().find(Filters.eq("alertIds", n.alertId())).first();
        // Another replica wrote this group: this process's schedule has never heard of it.
        String id = "replica-" + UUID.randomUUID();
        Instant at = clock.instant().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        groups.collection()
                .insertOne(new Document(groupDoc)
                        .append("_id", id)
                        .append("versionKey", id + "@1")
                        .append("nextFlushAt", Date.from(at)));
        try {
            assertThat(groups.schedule().entry(id)).isNull();
            assertThat(groups.resyncSchedule(at.plusSeconds(1))).isGreaterThanOrEqualTo(1);
            assertThat(groups.schedule().snapshot()).containsEntry(id, at);
        } finally {
            groups.collection().deleteOne(Filters.eq("_id", id));
        }
        // Deleted from the store: the next due read finds it missing and drops its entry.
        assertThat(groups.due(at.plusSeconds(1), 10_000))
                .extracting(d -> d.group().id())
                .doesNotContain(id);
        assertThat(groups.schedule().entry(id)).isNull();
    }
}
