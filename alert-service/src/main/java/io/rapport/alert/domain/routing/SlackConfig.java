package io.rapport.alert.domain.routing;

/** One {@code slack_configs} entry (incoming webhook); the API URL is a secret. */
public record SlackConfig(
        boolean sendResolved,
        Secret apiUrl,
        String apiUrlFile,
        String channel,
        String username,
        String title,
        String text) {}
