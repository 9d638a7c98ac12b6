package io.rapport.alert.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Knobs of the notification side of alert-service: grouping, outbox delivery and channels. */
@ConfigMapping(prefix = "rapport.alert.notify")
public interface NotifyConfig {

    /** Whether the group flusher and the outbox sender run (off only in special tests). */
    @WithDefault("true")
    boolean enabled();

    /** How often due aggregation groups are evaluated (scheduler "every" syntax). */
    @WithDefault("1s")
    String flushEvery();

    /** How often the outbox sender looks for due notifications. */
    @WithDefault("1s")
    String sendEvery();

    /**
     * How often the groups the store has due are merged into this process's in-memory schedule of due
     * groups (which already holds every group this process wrote): the longest a group written only by
     * another replica, or left by one that stopped, waits beyond its due time.
     */
    @WithDefault("30s")
    String dueResync();

    /** How long a claimed outbox item stays leased to one sender before another may retry it. */
    @WithDefault("30s")
    Duration lease();

    /** First retry delay of a failed delivery; doubles per attempt, with jitter. */
    @WithDefault("10s")
    Duration retryInitial();

    /** Largest retry delay. */
    @WithDefault("10m")
    Duration retryMax();

    /** A notification not delivered this long after it was enqueued is marked failed. */
    @WithDefault("24h")
    Duration giveUpAfter();

    /** How long resolved alerts stay in their aggregation group once notified. */
    @WithDefault("24h")
    Duration retention();

    /** Maximum items one sender run delivers before yielding. */
    @WithDefault("100")
    int batchSize();

    /** Connect and response timeout of Slack and webhook calls, and of an SMTP send. */
    @WithDefault("10s")
    Duration timeout();

    /** Minimum spacing of two messages to the same Slack webhook (Slack allows about 1/s). */
    @WithDefault("1s")
    Duration slackMinInterval();

    /** Base URL of the Rapport UI/API for links in notifications. */
    @WithDefault("http://localhost:8084")
    String externalUrl();

    /** Domain part of e-mail Message-IDs, so threads are stable across restarts. */
    @WithDefault("rapport.local")
    String messageIdDomain();
}
