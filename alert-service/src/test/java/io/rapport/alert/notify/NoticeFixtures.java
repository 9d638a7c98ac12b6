package io.rapport.alert.notify;

import io.rapport.alert.domain.notify.AlertNotice;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alert notices for notification tests. */
public final class NoticeFixtures {
    private NoticeFixtures() {}

    /** A firing alert of {@code account} on {@code topic}, with a score movement and its movers. */
    public static AlertNotice firing(String account, String topic, String severity, Instant at) {
        Map<String, Object> explanation = new LinkedHashMap<>();
        explanation.put("previousScore", 72);
        explanation.put("score", 48.0);
        explanation.put("reason", "invoice INV-7 overdue by 21 days");
        explanation.put(
                "movers",
                List.of(
                        Map.of("component", "risk", "delta", -18, "reason", "overdue invoice"),
                        Map.of("component", "engagement", "delta", -6, "reason", "no meeting in 45 days")));
        explanation.put("daysOverdue", 21);
        return new AlertNotice(
                "alert-" + account + "-" + topic,
                account,
                Map.of("account", account, "topic", topic, "severity", severity, "rule", "r-" + topic),
                Map.of("summary", "Invoice overdue for " + account, "description", "Account " + account + " pays late"),
                at.minusSeconds(60),
                null,
                at,
                1,
                explanation,
                AlertNotice.Status.FIRING);
    }

    /** The same alert, resolved at {@code at}. */
    public static AlertNotice resolved(AlertNotice firing, Instant at) {
        return new AlertNotice(
                firing.alertId(),
                firing.accountId(),
                firing.labels(),
                firing.annotations(),
                firing.startsAt(),
                at,
                at,
                firing.count(),
                firing.explanation(),
                AlertNotice.Status.RESOLVED);
    }
}
