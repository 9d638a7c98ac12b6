package io.rapport.alert.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The rules-and-alerts knobs of alert-service ({@code rapport.alerts.*}). */
@ConfigMapping(prefix = "rapport.alerts")
public interface AlertsConfig {
    /** Classpath resource or file path of the shipped default rules (YAML). */
    @WithDefault("rules/default-rules.yml")
    String defaultRules();

    /** How long the rule set is cached before rules changed by another replica are read again. */
    @WithDefault("10s")
    Duration rulesRefresh();

    /** Scores kept per account for drop-within-window rules (the newest ones). */
    @WithDefault("60")
    int scoreHistorySize();

    /** Base of the link to an alert put in notifications; the alert id is appended. */
    @WithDefault("http://localhost:8084/v1/alerts/")
    String linkBase();

    /** How long publishing one alert state to Kafka may take before the record is retried. */
    @WithDefault("10s")
    Duration publishTimeout();

    /**
     * How often the time-based rules (inactivity, invoice overdue, renewal approaching) are evaluated,
     * e.g. {@code 60s}; {@code off} disables the schedule (tests drive it themselves).
     */
    @WithDefault("60s")
    String evaluationEvery();

    /** Largest page of the alert list. */
    @WithDefault("200")
    int maxPageSize();
}
