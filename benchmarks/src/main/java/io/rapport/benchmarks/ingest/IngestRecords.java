package io.rapport.benchmarks.ingest;

import io.rapport.benchmarks.ServiceDefaults;
import io.rapport.common.event.EventType;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

/**
 * The records and the producer ingest-service uses, rebuilt outside it for the reference runs: the same
 * topic, key, value bytes and headers per event (as {@code KafkaEventPublisher} builds them), and a
 * producer with the service's durability (acks=all, idempotent) and its batching settings read from
 * the packaged service's configuration.
 */
public final class IngestRecords {
    private static final byte[] SCHEMA_VERSION =
            String.valueOf(EventType.SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8);

    private IngestRecords() {}

    /** One event as ingest-service publishes it. */
    public static ProducerRecord<String, byte[]> record(RapportEvent event) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(event.type().topic(), event.accountId(), RapportJson.toBytes(event));
        record.headers().add(Topics.HEADER_EVENT_TYPE, event.type().wireName().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_SCHEMA_VERSION, SCHEMA_VERSION);
        return record;
    }

    /** The idempotency key document ingest-service stores for an accepted event ({@code idempotency_keys}). */
    static Document idempotencyKey(RapportEvent event, java.util.Date acceptedAt, java.util.Date expiresAt) {
        return new Document("_id", event.eventId())
                .append("accountId", event.accountId())
                .append("type", event.type().wireName())
                .append("acceptedAt", acceptedAt)
                .append("expiresAt", expiresAt);
    }

    /** The service's producer settings, for a description line next to the figures. */
    public static String describe(ServiceDefaults service) {
        return "acks=all, enable.idempotence=true, linger.ms=" + service.get("rapport.ingest.producer.linger-ms")
                + ", batch.size=" + service.get("rapport.ingest.producer.batch-size") + ", compression.type="
                + service.get("rapport.ingest.producer.compression-type");
    }

    /** A producer configured as ingest-service's. */
    public static KafkaProducer<String, byte[]> producer(String bootstrapServers, ServiceDefaults service) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, service.getInt("rapport.ingest.producer.linger-ms"));
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, service.getInt("rapport.ingest.producer.batch-size"));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, service.get("rapport.ingest.producer.compression-type"));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "benchmark-reference");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Mean value size in bytes. */
    static double meanValueBytes(List<ProducerRecord<String, byte[]>> records) {
        long total = 0;
        for (ProducerRecord<String, byte[]> r : records) {
            total += r.value().length;
        }
        return records.isEmpty() ? 0 : (double) total / records.size();
    }
}
