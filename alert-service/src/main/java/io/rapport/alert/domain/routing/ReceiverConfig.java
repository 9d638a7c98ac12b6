package io.rapport.alert.domain.routing;

import java.util.List;

/** A named receiver and its per-channel integrations. */
public record ReceiverConfig(
        String name,
        List<EmailConfig> emailConfigs,
        List<SlackConfig> slackConfigs,
        List<WebhookConfig> webhookConfigs) {

    public ReceiverConfig {
        emailConfigs = List.copyOf(emailConfigs);
        slackConfigs = List.copyOf(slackConfigs);
        webhookConfigs = List.copyOf(webhookConfigs);
    }
}
