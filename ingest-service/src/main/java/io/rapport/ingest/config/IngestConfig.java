package io.rapport.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The ingest service's own settings ({@code rapport.ingest.*}). */
@ConfigMapping(prefix = "rapport.ingest")
public interface IngestConfig {
    /** How far in the future {@code occurredAt} may lie before an event is rejected (clock skew). */
    @WithDefault("PT5M")
    Duration maxFutureSkew();

    /** How long an accepted {@code eventId} is remembered for duplicate detection. */
    @WithDefault("P30D")
    Duration idempotencyRetention();

    /** How long to wait for Kafka's acknowledgement of a request's records before answering 503. */
    @WithDefault("PT10S")
    Duration publishTimeout();
}
