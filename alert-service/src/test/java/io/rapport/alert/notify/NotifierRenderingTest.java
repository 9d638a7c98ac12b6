package io.rapport.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mail;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.alert.domain.dispatch.Integration;
import io.rapport.alert.domain.dispatch.PlannedNotification;
import io.rapport.alert.domain.notify.AlertNotice;
import io.rapport.alert.domain.routing.ReceiverConfig;
import io.rapport.alert.notify.email.EmailNotifier;
import io.rapport.alert.notify.slack.SlackNotifier;
import io.rapport.alert.notify.webhook.WebhookNotifier;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What each channel renders of a notification, from the shipped templates and receivers. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
@WithTestResource(NotifyServersResource.class)
class NotifierRenderingTest {
    private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

    @Inject
    EmailNotifier email;

    @Inject
    SlackNotifier slack;

    @Inject
    WebhookNotifier webhook;

    @Inject
    RoutingConfiguration routing;

    @Inject
    Notifiers notifiers;

    @Inject
    ObjectMapper json;

    private ReceiverConfig receiver(String name) {
        return routing.config().receiver(name).orElseThrow();
    }

    private static PlannedNotification notification(String receiver, String channel, List<AlertNotice> alerts) {
        return new PlannedNotification(
                "k-123",
                "{}/{topic=\"billing\"}:{account=\"acme\", topic=\"billing\"}",
                "g-1",
                Map.of("account", "acme", "topic", "billing"),
                new Integration(receiver, channel, 0, true),
                AlertNotice.Status.FIRING,
                alerts,
                AT);
    }

    @Test
    void emailIsMultipartWithTheScoreMovementAndWhyAndThreads() {
        Mail mail = email.render(
                receiver("finance").emailConfigs().get(0),
                notification("finance", "email", List.of(NoticeFixtures.firing("acme", "billing", "critical", AT))));
        assertThat(mail.getSubject()).isEqualTo("[Rapport] Billing alert FIRING:1 billing — acme (critical)");
        assertThat(mail.getTo()).containsExactly("finance@localhost");
        assertThat(mail.getText())
                .contains("Score movement: score 72 → 48 (-24)")
                .contains("invoice INV-7 overdue by 21 days")
                .contains("risk -18: overdue invoice")
                .contains("engagement -6: no meeting in 45 days")
                .contains("daysOverdue: 21")
                .contains("Link: http://localhost:8084/v1/alerts/alert-acme-billing");
        assertThat(mail.getHtml())
                .contains("<strong>Score movement:</strong> score 72 → 48 (-24)")
                .contains("<li>risk -18: overdue invoice</li>")
                .contains("href=\"http://localhost:8084/v1/alerts/alert-acme-billing\"");
        assertThat(mail.getHeaders().get("Message-ID")).containsExactly("<k-123@rapport.local>");
        assertThat(mail.getHeaders().get("References"))
                .isEqualTo(mail.getHeaders().get("In-Reply-To"));
    }

    @Test
    void emailEscapesHtmlInAlertText() {
        AlertNotice n = NoticeFixtures.firing("<script>x</script>", "billing", "warning", AT);
        Mail mail =
                email.render(receiver("finance").emailConfigs().get(0), notification("finance", "email", List.of(n)));
        assertThat(mail.getHtml()).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    @Test
    void slackHasBlocksWithAFallbackTextAndNeverMoreThan50Blocks() throws Exception {
        JsonNode one = json.readTree(slack.render(
                receiver("support").slackConfigs().get(0),
                notification("support", "slack", List.of(NoticeFixtures.firing("acme", "support", "warning", AT)))));
        assertThat(one.get("channel").asText()).isEqualTo("#support-alerts");
        assertThat(one.get("text").asText())
                .contains("FIRING:1 support — acme (warning)")
                .contains("score 72 → 48");
        assertThat(one.get("blocks").get(0).get("type").asText()).isEqualTo("header");
        assertThat(one.get("blocks").get(1).toString())
                .contains("*Account:* acme")
                .contains("*Topic:* support");
        String section = one.get("blocks").get(3).get("text").get("text").asText();
        assertThat(section).contains("*Score:* score 72 → 48 (-24)").contains("• risk -18: overdue invoice");
        assertThat(one.get("blocks").get(3).get("accessory").get("url").asText())
                .isEqualTo("http://localhost:8084/v1/alerts/alert-acme-support");

        List<AlertNotice> many = new ArrayList<>();
        IntStream.range(0, 60).forEach(i -> many.add(NoticeFixtures.firing("acc" + i, "support", "warning", AT)));
        JsonNode big = json.readTree(
                slack.render(receiver("support").slackConfigs().get(0), notification("support", "slack", many)));
        assertThat(big.get("blocks").size()).isLessThanOrEqualTo(SlackNotifier.MAX_BLOCKS);
        assertThat(big.get("blocks").toString()).contains("more alerts");
    }

    @Test
    void webhookBodyIsAlertmanagerLikeAndSignedOverTimestampAndBody() throws Exception {
        AlertNotice n = NoticeFixtures.firing("acme", "other", "warning", AT);
        var cfg = receiver("default-webhook").webhookConfigs().get(0);
        String body = webhook.render(cfg, notification("default-webhook", "webhook", List.of(n)));
        JsonNode b = json.readTree(body);
        assertThat(b.get("version").asText()).isEqualTo("4");
        assertThat(b.get("status").asText()).isEqualTo("firing");
        assertThat(b.get("receiver").asText()).isEqualTo("default-webhook");
        assertThat(b.get("groupKey").asText()).contains("account=\"acme\"");
        assertThat(b.get("commonLabels").get("topic").asText()).isEqualTo("other");
        JsonNode alert = b.get("alerts").get(0);
        assertThat(alert.get("fingerprint").asText()).isEqualTo(n.alertId());
        assertThat(alert.get("explanation").get("previousScore").asInt()).isEqualTo(72);
        assertThat(alert.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        // Known vector: HMAC-SHA256("key", "1700000000.{}")
        assertThat(WebhookNotifier.sign("key", "1700000000", "{}")).hasSize(64).matches("[0-9a-f]+");
        assertThat(WebhookNotifier.sign("key", "1700000000", "{}"))
                .isNotEqualTo(WebhookNotifier.sign("key", "1700000001", "{}"));
    }

    @Test
    void everyReceiverOfTheDefaultRoutingHasItsIntegrations() {
        assertThat(notifiers.channels()).containsExactly("email", "slack", "webhook");
        assertThat(notifiers.integrations("account-team"))
                .containsExactly(new Integration("account-team", "slack", 0, true));
        assertThat(notifiers.integrations("sales")).containsExactly(new Integration("sales", "slack", 0, false));
        assertThat(notifiers.integrations("finance")).containsExactly(new Integration("finance", "email", 0, true));
    }
}
