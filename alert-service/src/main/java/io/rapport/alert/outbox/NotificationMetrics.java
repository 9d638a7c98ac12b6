package io.rapport.alert.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.rapport.alert.domain.dispatch.FailureReason;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Delivery metrics: {@code alert.notifications{channel,outcome}} (sent, failed, retried) and
 * {@code alert.notification.failures{channel,kind,reason}} with kind transient or permanent. All
 * known tag combinations are registered at start so dashboards show zeros, not gaps.
 */
@Startup
@ApplicationScoped
public class NotificationMetrics {
    public static final List<String> CHANNELS = List.of("email", "slack", "webhook");
    public static final List<String> OUTCOMES = List.of("sent", "failed", "retried");

    private final MeterRegistry registry;

    NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String channel : CHANNELS) {
            OUTCOMES.forEach(o -> notifications(channel, o));
            FailureReason.TRANSIENT.forEach(r -> failures(channel, "transient", r));
            FailureReason.PERMANENT.forEach(r -> failures(channel, "permanent", r));
        }
    }

    public void outcome(String channel, String outcome) {
        notifications(channel, outcome).increment();
    }

    public void failure(String channel, boolean permanent, String reason) {
        failures(channel, permanent ? "permanent" : "transient", reason).increment();
    }

    private Counter notifications(String channel, String outcome) {
        return Counter.builder("alert.notifications")
                .description("Notifications by channel and outcome")
                .tag("channel", channel)
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter failures(String channel, String kind, String reason) {
        return Counter.builder("alert.notification.failures")
                .description("Failed delivery attempts by channel, kind and reason")
                .tag("channel", channel)
                .tag("kind", kind)
                .tag("reason", reason)
                .register(registry);
    }
}
