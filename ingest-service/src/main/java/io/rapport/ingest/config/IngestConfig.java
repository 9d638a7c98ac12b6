package io.rapport.ingest.config;

import io.quarkus.runtime.configuration.MemorySize;
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

    /** Largest JSON body ({@code application/json}, CloudEvents) accepted; larger ones get 413. */
    @WithDefault("5M")
    MemorySize maxJsonBodySize();

    /** Largest single line of an NDJSON stream; a longer line is rejected on its own (the stream has no limit). */
    @WithDefault("1M")
    MemorySize maxNdjsonLineSize();

    /** Lines of an NDJSON stream processed together: one idempotency lookup, one publish wave, one bulk insert. */
    @WithDefault("1000")
    int ndjsonChunkSize();

    /** At most this many per-event errors are listed in an answer; the counts stay exact. */
    @WithDefault("1000")
    int maxReportedErrors();

    /** The {@code Retry-After} (seconds) sent with a 503 when Kafka did not acknowledge. */
    @WithDefault("5")
    int retryAfterSeconds();

    /** Batching of the durable producer; acks=all and idempotence are fixed, not settings. */
    Producer producer();

    /** The producer's batching knobs ({@code rapport.ingest.producer.*}). */
    interface Producer {
        /** {@code linger.ms}: how long a batch waits for more records before it is sent. */
        @WithDefault("5")
        int lingerMs();

        /** {@code batch.size} in bytes, per partition. */
        @WithDefault("65536")
        int batchSize();

        /** {@code compression.type}: none, gzip, snappy, lz4 or zstd. */
        @WithDefault("none")
        String compressionType();
    }
}
