package io.rapport.alert.domain.routing;

import java.time.Duration;

/** The {@code global} section: defaults that receivers inherit when they leave a field unset. */
public record GlobalConfig(
        Duration resolveTimeout,
        String smtpFrom,
        String smtpHello,
        String smtpSmarthost,
        String smtpAuthUsername,
        Secret smtpAuthPassword,
        String smtpAuthPasswordFile,
        String smtpAuthIdentity,
        boolean smtpRequireTls,
        Secret slackApiUrl,
        String slackApiUrlFile) {

    /** Alertmanager's defaults: resolve_timeout 5m, smtp_hello localhost, smtp_require_tls true. */
    public static GlobalConfig defaults() {
        return new GlobalConfig(
                Duration.ofMinutes(5), null, "localhost", null, null, null, null, null, true, null, null);
    }
}
