package io.rapport.alert.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.alert.domain.dispatch.AggregationGroup;
import io.rapport.alert.domain.dispatch.DeliveryResult;
import io.rapport.alert.domain.notify.AlertNotice;
import io.rapport.alert.notify.webhook.WebhookNotifier;
import io.rapport.alert.outbox.NotificationLog;
import io.rapport.alert.outbox.NotificationOutbox;
import io.rapport.alert.outbox.OutboxItem;
import io.rapport.alert.outbox.OutboxSender;
import io.rapport.alert.testing.MovableClock;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery through the outbox against real servers: GreenMail for SMTP, WireMock for Slack and the
 * webhook. Time is moved with {@link MovableClock}; the routing file is the shipped default.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
@WithTestResource(NotifyServersResource.class)
class NotificationDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectNotifyServers
    NotifyServers servers;

    @Inject
    Event<AlertNotice> notices;

    @Inject
    MovableClock clock;

    @Inject
    io.rapport.alert.domain.alert.AlertDeliveryHistory history;

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

    @Inject
    MeterRegistry metrics;

    private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String msg = r instanceof org.jboss.logmanager.ExtLogRecord e ? e.getFormattedMessage() : r.getMessage();
            logLines.add(msg + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void setUp() {
        clock.run();
        sender.start();
        servers.http().resetAll();
        servers.http().stubFor(post(urlPathMatching("/.*")).atPriority(10).willReturn(ok("ok")));
        java.util.logging.Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        java.util.logging.Logger.getLogger("").removeHandler(capture);
        sender.start();
    }

    private static String account() {
        return "acc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private AlertNotice fire(String account, String topic, String severity) {
        AlertNotice n = NoticeFixtures.firing(account, topic, severity, clock.instant());
        notices.fire(n);
        return n;
    }

    private List<LoggedRequest> requests(String path, String account) {
        return servers.http().findAll(postRequestedFor(urlEqualTo(path)).withRequestBody(containing(account)));
    }

    private List<MimeMessage> mails(String account) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : servers.smtp().getReceivedMessages()) {
            if (m.getSubject().contains(account)) {
                out.add(m);
            }
        }
        return out;
    }

    private Document logEntry(String alertId) {
        return log.collection().find(Filters.eq("alertIds", alertId)).first();
    }

    private void assertNoSecretLogged() {
        synchronized (logLines) {
            assertThat(logLines).noneMatch(l -> l.contains("SECRET"));
        }
    }

    @Test
    void theAlertApiSeesTheRouteTakenAndTheDeliveryOfAnAlert() {
        String acc = account();
        AlertNotice notice = fire(acc, "billing", "warning");
        await().atMost(WAIT).until(() -> !history.route(notice.alertId()).isEmpty());
        assertThat(history.route(notice.alertId()))
                .singleElement()
                .satisfies(route -> assertThat(route).containsEntry("receiver", "finance"));
        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT)
                .until(() -> !history.deliveries(notice.alertId()).isEmpty()
                        && "sent"
                                .equals(history.deliveries(notice.alertId())
                                        .get(0)
                                        .get("outcome")));
        assertThat(history.deliveries(notice.alertId()).get(0))
                .containsEntry("receiver", "finance")
                .containsEntry("channel", "email");
    }

    @Test
    void aBillingAlertIsEmailedAfterGroupWaitAsAThreadedMultipartMessage() throws Exception {
        String acc = account();
        fire(acc, "billing", "warning");
        Thread.sleep(2000);
        assertThat(mails(acc)).as("nothing before group_wait").isEmpty();

        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT).until(() -> mails(acc).size() == 1);
        MimeMessage mail = mails(acc).get(0);
        assertThat(mail.getSubject()).isEqualTo("[Rapport] Billing alert FIRING:1 billing — " + acc + " (warning)");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("finance@localhost");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        String all = new String(mail.getInputStream().readAllBytes());
        String raw = new String(mail.getRawInputStream().readAllBytes());
        assertThat(raw + all).contains("text/plain").contains("text/html");
        String messageId = mail.getHeader("Message-ID")[0];
        String root = mail.getHeader("References")[0];
        assertThat(messageId).endsWith("@rapport.local>");
        assertThat(mail.getHeader("In-Reply-To")[0]).isEqualTo(root);

        // Another topic for the same account goes to operations, in the same thread.
        fire(acc, "operations", "warning");
        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT).until(() -> mails(acc).size() == 2);
        MimeMessage second =
                mails(acc).stream().filter(m -> !m.equals(mail)).findFirst().orElseThrow();
        assertThat(second.getHeader("References")[0]).isEqualTo(root);
        assertThat(second.getHeader("Message-ID")[0]).isNotEqualTo(messageId);

        Document entry = logEntry("alert-" + acc + "-billing");
        assertThat(entry.getString("outcome")).isEqualTo("sent");
        assertThat(entry.getString("receiver")).isEqualTo("finance");
        assertThat(entry.getInteger("attempts")).isEqualTo(1);
    }

    @Test
    void slackReturning500IsDeliveredLaterExactlyOnceAndNoSecretIsLogged() throws Exception {
        String acc = account();
        servers.http()
                .stubFor(post(urlEqualTo(NotifyServers.SLACK_SUPPORT))
                        .withRequestBody(containing(acc))
                        .inScenario("slack-500-" + acc)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("up")
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(500).withBody("internal_error")));
        double before = metrics.counter(
                        "alert.notification.failures", "channel", "slack", "kind", "transient", "reason", "http_5xx")
                .count();
        AlertNotice n = fire(acc, "support", "warning");
        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT)
                .until(() -> requests(NotifyServers.SLACK_SUPPORT, acc).size() == 1);
        await().atMost(WAIT)
                .until(() -> logEntry(n.alertId()) != null
                        && "retrying".equals(logEntry(n.alertId()).getString("outcome")));
        assertThat(outbox.collection()
                        .find(Filters.eq("alertIds", n.alertId()))
                        .first()
                        .toJson())
                .doesNotContain("SECRET");

        clock.advance(Duration.ofSeconds(5));
        await().atMost(WAIT).until(() -> "sent".equals(logEntry(n.alertId()).getString("outcome")));
        assertThat(requests(NotifyServers.SLACK_SUPPORT, acc)).hasSize(2);
        assertThat(logEntry(n.alertId()).getInteger("attempts")).isEqualTo(2);

        // Later ticks of the unchanged group send nothing more.
        clock.advance(Duration.ofMinutes(6));
        Thread.sleep(2500);
        assertThat(requests(NotifyServers.SLACK_SUPPORT, acc)).hasSize(2);
        assertThat(metrics.counter(
                                "alert.notification.failures",
                                "channel",
                                "slack",
                                "kind",
                                "transient",
                                "reason",
                                "http_5xx")
                        .count())
                .isGreaterThan(before);
        assertThat(outbox.collection().countDocuments(Filters.eq("alertIds", n.alertId())))
                .as("the delivered item left the outbox")
                .isZero();
        assertThat(logEntry(n.alertId()).toJson()).doesNotContain("SECRET");
        assertNoSecretLogged();
    }

    @Test
    void tooManyRequestsWithRetryAfterIsHonoured() throws Exception {
        String acc = account();
        servers.http()
                .stubFor(post(urlEqualTo(NotifyServers.SLACK_ACCOUNT_TEAM))
                        .withRequestBody(containing(acc))
                        .inScenario("slack-429-" + acc)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("calm")
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        AlertNotice n = fire(acc, "relationship", "warning");
        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT)
                .until(() -> requests(NotifyServers.SLACK_ACCOUNT_TEAM, acc).size() == 1);
        await().atMost(WAIT).until(() -> logEntry(n.alertId()) != null);
        Document item =
                outbox.collection().find(Filters.eq("alertIds", n.alertId())).first();
        Instant failedAt = logEntry(n.alertId())
                .getList("history", Document.class)
                .get(0)
                .getDate("at")
                .toInstant();
        assertThat(Duration.between(failedAt, item.getDate("nextAttemptAt").toInstant()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(119));

        clock.advance(Duration.ofSeconds(60));
        Thread.sleep(2500);
        assertThat(requests(NotifyServers.SLACK_ACCOUNT_TEAM, acc))
                .as("not before Retry-After")
                .hasSize(1);

        clock.advance(Duration.ofSeconds(62));
        await().atMost(WAIT).until(() -> "sent".equals(logEntry(n.alertId()).getString("outcome")));
        assertThat(requests(NotifyServers.SLACK_ACCOUNT_TEAM, acc)).hasSize(2);
    }

    /** Claims items until the one of {@code alertId}; others are delivered normally on the way. */
    private OutboxItem claimItemOf(String alertId) {
        return OutboxClaims.claimItemOf(sender, alertId, WAIT);
    }

    @Test
    void aSenderKilledBetweenSendAndMarkSendsAgainAfterTheLeaseWithTheSameIdempotencyKey() throws Exception {
        String acc = account();
        sender.stop();
        AlertNotice n = fire(acc, "other", "warning");
        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT).until(() -> outbox.collection().countDocuments(Filters.eq("alertIds", n.alertId())) == 1);

        OutboxItem item = claimItemOf(n.alertId());
        DeliveryResult result = sender.send(item);
        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        // The sender dies here: delivered, never marked sent.
        sender.start();
        Thread.sleep(2500);
        assertThat(requests(NotifyServers.WEBHOOK, acc)).as("the lease holds").hasSize(1);

        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT)
                .until(() -> logEntry(n.alertId()) != null
                        && "sent".equals(logEntry(n.alertId()).getString("outcome")));
        List<LoggedRequest> sent = requests(NotifyServers.WEBHOOK, acc);
        // At-least-once: the receiver saw it twice, with one idempotency key to drop the repeat.
        assertThat(sent).hasSize(2);
        assertThat(sent).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(item.key());
        for (LoggedRequest r : sent) {
            String ts = r.getHeader("X-Rapport-Timestamp");
            assertThat(r.getHeader("X-Rapport-Signature"))
                    .isEqualTo("sha256=" + WebhookNotifier.sign(NotifyServers.HMAC_SECRET, ts, r.getBodyAsString()));
        }
        assertThat(logEntry(n.alertId()).getInteger("attempts")).isEqualTo(2);
        assertNoSecretLogged();
    }

    @Test
    void aSentItemIsNeverResentAndReflushingAStaleGroupEnqueuesNothingNew() throws Exception {
        String acc = account();
        sender.stop();
        AlertNotice n = fire(acc, "other", "warning");
        Document groupDoc =
                groups.collection().find(Filters.eq("alertIds", n.alertId())).first();
        AggregationGroup stale = groups.find(groupDoc.getString("_id")).orElseThrow();
        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT).until(() -> outbox.collection().countDocuments(Filters.eq("alertIds", n.alertId())) == 1);

        // A flusher that crashed before updating the group plans the same flush again: same key.
        assertThat(flusher.flushGroup(stale)).isZero();
        assertThat(outbox.collection().countDocuments(Filters.eq("alertIds", n.alertId())))
                .isEqualTo(1);

        OutboxItem item = claimItemOf(n.alertId());
        sender.record(item, sender.send(item));
        sender.start();
        clock.advance(Duration.ofSeconds(40));
        Thread.sleep(2500);
        assertThat(requests(NotifyServers.WEBHOOK, acc)).hasSize(1);
        assertThat(logEntry(n.alertId()).getString("outcome")).isEqualTo("sent");
        assertThat(logEntry(n.alertId()).getInteger("attempts")).isEqualTo(1);
    }

    @Test
    void whileSmtpIsDownMailWaitsAndIsDeliveredOnceWhenItReturns() throws Exception {
        String acc = account();
        servers.stopSmtp();
        AlertNotice n;
        try {
            n = fire(acc, "billing", "critical");
            clock.advance(Duration.ofSeconds(31));
            await().atMost(WAIT).until(() -> logEntry(n.alertId()) != null);
            Document entry = logEntry(n.alertId());
            assertThat(entry.getString("outcome")).isEqualTo("retrying");
            assertThat(entry.getList("history", Document.class).get(0).getString("reason"))
                    .isEqualTo("connection");
        } finally {
            servers.startSmtp();
        }
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
            clock.advance(Duration.ofSeconds(20));
            return mails(acc).size() == 1;
        });
        // The server has the mail as soon as it acknowledges it; the log records "sent" just after.
        await().atMost(WAIT).until(() -> "sent".equals(logEntry(n.alertId()).getString("outcome")));
        Thread.sleep(2000);
        assertThat(mails(acc)).hasSize(1);
        assertThat(Arrays.asList(mails(acc).get(0).getSubject().split(" "))).contains("(critical)");
    }
}
