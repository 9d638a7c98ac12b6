package io.rapport.alert.notify.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.alert.domain.dispatch.DeliveryResult;
import io.rapport.alert.domain.dispatch.FailureReason;
import io.rapport.alert.domain.dispatch.PlannedNotification;
import io.rapport.alert.domain.routing.ReceiverConfig;
import io.rapport.alert.domain.routing.SlackConfig;
import io.rapport.alert.notify.HttpHeaders;
import io.rapport.alert.notify.HttpPoster;
import io.rapport.alert.notify.NotificationView;
import io.rapport.alert.notify.Notifier;
import io.rapport.alert.notify.NotifyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slack incoming webhooks: Block Kit (header, context with account/topic/severity, a section per
 * alert with score movement and why, a link button), at most 50 blocks, and a plain {@code text}
 * fallback for notifications and old clients. Messages to one webhook are spaced by {@code
 * slack-min-interval} (Slack allows about one per second per channel). Slack has no idempotency
 * key: a retry after a lost acknowledgement can show a message twice.
 */
@ApplicationScoped
public class SlackNotifier implements Notifier {
    /** Slack's limit on blocks per message. */
    public static final int MAX_BLOCKS = 50;

    private static final int MAX_TEXT = 2900;

    private final HttpPoster http;
    private final ObjectMapper json;
    private final NotifyConfig config;
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();

    SlackNotifier(HttpPoster http, ObjectMapper json, NotifyConfig config) {
        this.http = http;
        this.json = json;
        this.config = config;
    }

    @Override
    public String channel() {
        return "slack";
    }

    @Override
    public int integrations(ReceiverConfig receiver) {
        return receiver.slackConfigs().size();
    }

    @Override
    public boolean sendResolved(ReceiverConfig receiver, int index) {
        return receiver.slackConfigs().get(index).sendResolved();
    }

    @Override
    public void validate(ReceiverConfig receiver) {
        for (SlackConfig c : receiver.slackConfigs()) {
            if (c.apiUrl() == null && (c.apiUrlFile() == null || c.apiUrlFile().isEmpty())) {
                throw new IllegalStateException("rapport.alert.routing-file: receiver \"" + receiver.name()
                        + "\": slack_configs needs api_url");
            }
        }
    }

    @Override
    public DeliveryResult send(ReceiverConfig receiver, PlannedNotification n) {
        SlackConfig c = receiver.slackConfigs().get(n.integration().index());
        String url;
        try {
            url = HttpPoster.secret(c.apiUrl(), c.apiUrlFile());
        } catch (IllegalStateException e) {
            return new DeliveryResult.Permanent(FailureReason.CONFIG, "api_url_file unreadable");
        }
        String body = render(c, n);
        throttle(url);
        return http.post(url, body, Map.of(HttpHeaders.IDEMPOTENCY_KEY, n.idempotencyKey()));
    }

    /** The JSON message for {@code n}. */
    public String render(SlackConfig c, PlannedNotification n) {
        NotificationView view = NotificationView.of(n, config.externalUrl());
        ObjectNode msg = json.createObjectNode();
        if (c.channel() != null && !c.channel().isEmpty()) {
            msg.put("channel", c.channel());
        }
        if (c.username() != null && !c.username().isEmpty()) {
            msg.put("username", c.username());
        }
        msg.put("text", truncate(fallbackText(view)));
        ArrayNode blocks = msg.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text")
                .put("type", "plain_text")
                .put(
                        "text",
                        truncate150((view.resolved() ? ":white_check_mark: " : ":rotating_light: ") + view.title()));
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements")
                .addObject()
                .put("type", "mrkdwn")
                .put(
                        "text",
                        "*Account:* " + esc(view.account()) + "   *Topic:* " + esc(view.topic()) + "   *Severity:* "
                                + esc(view.severity()));
        // header + context + per alert (section + divider) + a possible "more" note
        int room = (MAX_BLOCKS - 3) / 2;
        int shown = 0;
        for (NotificationView.AlertView a : view.alerts()) {
            if (shown == room) {
                break;
            }
            blocks.addObject().put("type", "divider");
            ObjectNode section = blocks.addObject().put("type", "section");
            section.putObject("text").put("type", "mrkdwn").put("text", truncate(alertText(a)));
            ObjectNode button = section.putObject("accessory").put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", "Open");
            button.put("url", a.link());
            shown++;
        }
        if (shown < view.alerts().size()) {
            blocks.addObject()
                    .put("type", "context")
                    .putArray("elements")
                    .addObject()
                    .put("type", "mrkdwn")
                    .put("text", "…and " + (view.alerts().size() - shown) + " more alerts");
        }
        return msg.toString();
    }

    private static String alertText(NotificationView.AlertView a) {
        StringBuilder sb = new StringBuilder()
                .append('*')
                .append(a.resolved() ? "[resolved] " : "")
                .append(esc(a.summary()))
                .append('*');
        if (!a.description().isEmpty()) {
            sb.append('\n').append(esc(a.description()));
        }
        if (!a.movement().isEmpty()) {
            sb.append("\n*Score:* ").append(esc(a.movement()));
        }
        if (!a.reasons().isEmpty()) {
            sb.append("\n*Why:*");
            a.reasons().forEach(r -> sb.append("\n• ").append(esc(r)));
        }
        return sb.toString();
    }

    private static String fallbackText(NotificationView view) {
        StringBuilder sb = new StringBuilder(view.title());
        for (NotificationView.AlertView a : view.alerts()) {
            sb.append("\n• ").append(a.summary());
            if (!a.movement().isEmpty()) {
                sb.append(" — ").append(a.movement());
            }
        }
        return sb.toString();
    }

    private void throttle(String url) {
        long min = config.slackMinInterval().toMillis();
        String key = Integer.toHexString(url.hashCode());
        synchronized (lastSent) {
            long now = System.nanoTime() / 1_000_000;
            Long last = lastSent.get(key);
            long wait = last == null ? 0 : last + min - now;
            if (wait > 0) {
                try {
                    Thread.sleep(Math.min(wait, Duration.ofSeconds(5).toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            lastSent.put(key, System.nanoTime() / 1_000_000);
        }
    }

    /** Escapes Slack's control characters in mrkdwn. */
    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String truncate(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
    }

    private static String truncate150(String s) {
        return s.length() <= 150 ? s : s.substring(0, 149) + "…";
    }
}
