package io.rapport.alert.notify.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.alert.domain.dispatch.DeliveryResult;
import io.rapport.alert.domain.dispatch.FailureReason;
import io.rapport.alert.domain.dispatch.PlannedNotification;
import io.rapport.alert.domain.notify.AlertNotice;
import io.rapport.alert.domain.routing.ReceiverConfig;
import io.rapport.alert.domain.routing.WebhookConfig;
import io.rapport.alert.notify.HttpHeaders;
import io.rapport.alert.notify.HttpPoster;
import io.rapport.alert.notify.Notifier;
import io.rapport.alert.notify.NotifyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Generic webhook: Alertmanager's JSON body (version 4: receiver, status, groupKey, groupLabels,
 * commonLabels, commonAnnotations, alerts[]) plus Rapport's account id, count and explanation per
 * alert. When an {@code hmac_secret} is configured the body is signed: {@code X-Rapport-Timestamp}
 * (epoch seconds) and {@code X-Rapport-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">};
 * a receiver rejects stale timestamps against replay. {@code Idempotency-Key} lets it drop a repeat.
 */
@ApplicationScoped
public class WebhookNotifier implements Notifier {

    private final HttpPoster http;
    private final ObjectMapper json;
    private final NotifyConfig config;
    private final Clock clock;

    WebhookNotifier(HttpPoster http, ObjectMapper json, NotifyConfig config, Clock clock) {
        this.http = http;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String channel() {
        return "webhook";
    }

    @Override
    public int integrations(ReceiverConfig receiver) {
        return receiver.webhookConfigs().size();
    }

    @Override
    public boolean sendResolved(ReceiverConfig receiver, int index) {
        return receiver.webhookConfigs().get(index).sendResolved();
    }

    @Override
    public DeliveryResult send(ReceiverConfig receiver, PlannedNotification n) {
        WebhookConfig c = receiver.webhookConfigs().get(n.integration().index());
        String url;
        String secret;
        try {
            url = HttpPoster.secret(c.url(), c.urlFile());
            secret = HttpPoster.secret(c.hmacSecret(), c.hmacSecretFile());
        } catch (IllegalStateException e) {
            return new DeliveryResult.Permanent(FailureReason.CONFIG, "url_file or hmac_secret_file unreadable");
        }
        String body = render(c, n);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaders.IDEMPOTENCY_KEY, n.idempotencyKey());
        if (secret != null) {
            String ts = Long.toString(clock.instant().getEpochSecond());
            headers.put(HttpHeaders.TIMESTAMP, ts);
            headers.put(HttpHeaders.SIGNATURE, "sha256=" + sign(secret, ts, body));
        }
        return http.post(url, body, headers);
    }

    /** The hex HMAC-SHA256 of {@code "<timestamp>.<body>"} under {@code secret}. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** The JSON body for {@code n}, truncated to {@code max_alerts} when set. */
    public String render(WebhookConfig c, PlannedNotification n) {
        List<AlertNotice> alerts = n.alerts();
        int truncated = 0;
        if (c.maxAlerts() > 0 && alerts.size() > c.maxAlerts()) {
            truncated = alerts.size() - c.maxAlerts();
            alerts = alerts.subList(0, c.maxAlerts());
        }
        ObjectNode body = json.createObjectNode()
                .put("version", "4")
                .put("groupKey", n.groupKey())
                .put("truncatedAlerts", truncated)
                .put("status", n.status().name().toLowerCase(Locale.ROOT))
                .put("receiver", n.integration().receiver());
        body.set("groupLabels", json.valueToTree(new TreeMap<>(n.groupLabels())));
        body.set("commonLabels", json.valueToTree(common(n.alerts(), true)));
        body.set("commonAnnotations", json.valueToTree(common(n.alerts(), false)));
        body.put("externalURL", config.externalUrl());
        ArrayNode list = body.putArray("alerts");
        for (AlertNotice a : alerts) {
            ObjectNode o = list.addObject()
                    .put("status", a.status().name().toLowerCase(Locale.ROOT))
                    .put("fingerprint", a.alertId())
                    .put("accountId", a.accountId());
            o.set("labels", json.valueToTree(new TreeMap<>(a.labels())));
            o.set("annotations", json.valueToTree(new TreeMap<>(a.annotations())));
            o.put("startsAt", a.startsAt().toString());
            o.put(
                    "endsAt",
                    a.endsAt() == null ? "0001-01-01T00:00:00Z" : a.endsAt().toString());
            o.put("updatedAt", a.updatedAt().toString());
            o.put("generatorURL", config.externalUrl() + "/v1/alerts/" + a.alertId());
            o.put("count", a.count());
            o.set("explanation", json.valueToTree(a.explanation()));
        }
        return body.toString();
    }

    private static Map<String, String> common(List<AlertNotice> alerts, boolean labels) {
        Map<String, String> common = null;
        for (AlertNotice a : alerts) {
            Map<String, String> m = labels ? a.labels() : a.annotations();
            if (common == null) {
                common = new TreeMap<>(m);
            } else {
                common.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
            }
        }
        return common == null ? Map.of() : common;
    }
}
