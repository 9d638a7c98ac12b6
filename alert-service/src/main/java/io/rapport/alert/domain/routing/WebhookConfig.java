package io.rapport.alert.domain.routing;

/**
 * One {@code webhook_configs} entry; {@code hmac_secret}/{@code hmac_secret_file} are Rapport's
 * addition for signing the JSON body.
 */
public record WebhookConfig(
        boolean sendResolved, Secret url, String urlFile, int maxAlerts, Secret hmacSecret, String hmacSecretFile) {}
