package io.rapport.ingest.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rapport.common.event.EventType;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.rapport.ingest.config.IngestConfig;
import io.rapport.ingest.domain.EventPublisher;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events with a durable producer: {@code acks=all}, idempotent, keyed by accountId, with
 * the event type and schema version in headers. A plain Kafka producer rather than a Reactive
 * Messaging emitter: ingest must know, per record, that the broker acknowledged it.
 */
@ApplicationScoped
public class KafkaEventPublisher implements EventPublisher {
    private static final byte[] SCHEMA_VERSION =
            String.valueOf(EventType.SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8);

    private final KafkaProducer<String, byte[]> producer;
    private final Timer acknowledged;
    private final Timer failed;

    @Inject
    KafkaEventPublisher(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            IngestConfig ingestConfig,
            MeterRegistry registry) {
        this(kafkaConfig, ingestConfig.publishTimeout(), ingestConfig.producer(), registry);
    }

    KafkaEventPublisher(
            Map<String, Object> kafkaConfig,
            Duration publishTimeout,
            IngestConfig.Producer batching,
            MeterRegistry registry) {
        this.acknowledged = latency(registry, "acknowledged");
        this.failed = latency(registry, "failed");
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, batching.lingerMs());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, batching.batchSize());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, batching.compressionType());
        // Never block a request thread for long on missing metadata, and give up on a record no later
        // than the request does: a record reported not written must not linger for minutes.
        int timeoutMs = (int) Math.max(2000, publishTimeout.toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs / 2);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2 - 10);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-service");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public CompletableFuture<Void> publish(RapportEvent event) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(event.type().topic(), event.accountId(), RapportJson.toBytes(event));
        record.headers().add(Topics.HEADER_EVENT_TYPE, event.type().wireName().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_SCHEMA_VERSION, SCHEMA_VERSION);
        long start = System.nanoTime();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acknowledged.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    ack.complete(null);
                } else {
                    failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    ack.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // metadata unavailable within max.block.ms, or the producer is closed
            ack.completeExceptionally(e);
        }
        return ack;
    }

    private static Timer latency(MeterRegistry registry, String outcome) {
        return Timer.builder("ingest.publish.latency")
                .description("Time from send to the broker's acknowledgement (acks=all), per record")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
