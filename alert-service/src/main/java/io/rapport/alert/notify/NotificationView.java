package io.rapport.alert.notify;

import io.quarkus.qute.TemplateData;
import io.rapport.alert.domain.dispatch.PlannedNotification;
import io.rapport.alert.domain.notify.AlertNotice;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What every channel renders of a notification: status, account, topic, severity and, per alert,
 * its summary, the score movement and why it fired, and a link. Built from the alert's labels,
 * annotations and explanation; the explanation keys {@code previousScore}, {@code score}, {@code
 * delta}, {@code reason} and {@code movers} (a list of texts or of maps with {@code component},
 * {@code delta}, {@code reason}) are rendered specially, other scalar entries as {@code key: value}.
 */
@TemplateData
public record NotificationView(
        String status,
        boolean resolved,
        String receiver,
        String groupKey,
        String account,
        String accountId,
        String topic,
        String severity,
        int firingCount,
        int resolvedCount,
        String title,
        List<AlertView> alerts) {

    private static final Set<String> SPECIAL = Set.of("previousScore", "score", "delta", "reason", "movers");

    /** One alert as rendered. */
    @TemplateData
    public record AlertView(
            String alertId,
            String status,
            boolean resolved,
            String summary,
            String description,
            String account,
            String topic,
            String severity,
            String movement,
            List<String> reasons,
            String link,
            Instant startsAt,
            Instant endsAt,
            int count,
            Map<String, String> labels) {}

    /** Builds the view of {@code n}; links point under {@code externalUrl}. */
    public static NotificationView of(PlannedNotification n, String externalUrl) {
        List<AlertView> alerts =
                n.alerts().stream().map(a -> alert(a, externalUrl)).toList();
        int firing = (int) alerts.stream().filter(a -> !a.resolved()).count();
        String account = common(n, "account", AlertNotice::accountId);
        String topic = common(n, "topic", a -> null);
        String severity = common(n, "severity", a -> null);
        String accountId = n.alerts().stream()
                .map(AlertNotice::accountId)
                .distinct()
                .reduce((x, y) -> "")
                .orElse("");
        boolean resolved = n.status() == AlertNotice.Status.RESOLVED;
        String status = resolved ? "RESOLVED" : "FIRING";
        StringBuilder title = new StringBuilder(status);
        if (!resolved) {
            title.append(':').append(firing);
        }
        if (!topic.isEmpty()) {
            title.append(' ').append(topic);
        }
        if (!account.isEmpty()) {
            title.append(" — ").append(account);
        }
        if (!severity.isEmpty()) {
            title.append(" (").append(severity).append(')');
        }
        return new NotificationView(
                status,
                resolved,
                n.integration().receiver(),
                n.groupKey(),
                account,
                accountId,
                topic,
                severity,
                firing,
                alerts.size() - firing,
                title.toString(),
                alerts);
    }

    private static String common(
            PlannedNotification n, String label, java.util.function.Function<AlertNotice, String> fallback) {
        Set<String> values = new java.util.TreeSet<>();
        for (AlertNotice a : n.alerts()) {
            String v = a.labels().get(label);
            if (v == null) {
                v = fallback.apply(a);
            }
            values.add(v == null ? "" : v);
        }
        return values.size() == 1 ? values.iterator().next() : values.size() > 1 ? "several" : "";
    }

    static AlertView alert(AlertNotice a, String externalUrl) {
        Map<String, Object> e = a.explanation();
        String movement = movement(e);
        List<String> reasons = new ArrayList<>();
        if (e.get("reason") != null) {
            reasons.add(String.valueOf(e.get("reason")));
        }
        if (e.get("movers") instanceof Collection<?> movers) {
            for (Object m : movers) {
                reasons.add(mover(m));
            }
        }
        new TreeMap<>(e).forEach((k, v) -> {
            if (!SPECIAL.contains(k) && v != null && !(v instanceof Map) && !(v instanceof Collection)) {
                reasons.add(k + ": " + number(v));
            }
        });
        String summary = a.annotations().getOrDefault("summary", a.labels().getOrDefault("alertname", a.alertId()));
        String link = a.annotations().getOrDefault("link", externalUrl + "/v1/alerts/" + a.alertId());
        return new AlertView(
                a.alertId(),
                a.status().name().toLowerCase(Locale.ROOT),
                a.status() == AlertNotice.Status.RESOLVED,
                summary,
                a.annotations().getOrDefault("description", ""),
                a.labels().getOrDefault("account", a.accountId()),
                a.labels().getOrDefault("topic", ""),
                a.labels().getOrDefault("severity", ""),
                movement,
                reasons,
                link,
                a.startsAt(),
                a.endsAt(),
                a.count(),
                new TreeMap<>(a.labels()));
    }

    private static String movement(Map<String, Object> e) {
        Object prev = e.get("previousScore");
        Object now = e.get("score");
        Object delta = e.get("delta");
        if (now == null) {
            return delta == null ? "" : "score change " + signed(delta);
        }
        if (prev == null) {
            return "score " + number(now);
        }
        String d = delta != null ? signed(delta) : signed(decimal(now).subtract(decimal(prev)));
        return "score " + number(prev) + " → " + number(now) + " (" + d + ")";
    }

    private static String mover(Object m) {
        if (m instanceof Map<?, ?> map) {
            StringBuilder sb =
                    new StringBuilder(String.valueOf(map.containsKey("component") ? map.get("component") : "?"));
            if (map.get("delta") != null) {
                sb.append(' ').append(signed(map.get("delta")));
            }
            if (map.get("reason") != null) {
                sb.append(": ").append(map.get("reason"));
            }
            return sb.toString();
        }
        return String.valueOf(m);
    }

    private static BigDecimal decimal(Object v) {
        try {
            return new BigDecimal(String.valueOf(v));
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    private static String number(Object v) {
        if (v instanceof Number) {
            BigDecimal d = decimal(v).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        }
        return String.valueOf(v);
    }

    private static String signed(Object v) {
        BigDecimal d = decimal(v);
        String s = number(d);
        return d.signum() > 0 ? "+" + s : s;
    }
}
