package io.rapport.localstack.testing;

import io.rapport.common.event.RapportEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends and reads records in tests, against the shared infrastructure's broker. */
public final class KafkaTestClient implements AutoCloseable {
    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
    }

    /** A client for the JVM's shared broker. */
    public static KafkaTestClient shared() {
        return new KafkaTestClient(SharedInfrastructure.get().bootstrapServers());
    }

    /** Publishes an event to its topic, keyed and with headers as ingest would, and waits for the ack. */
    public void send(RapportEvent event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(
                event.type().topic(),
                event.accountId(),
                new String(RapportJson.toBytes(event), StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_EVENT_TYPE, event.type().wireName().getBytes(StandardCharsets.UTF_8));
        send(record);
    }

    /** Publishes a raw value (e.g. a malformed one) to a topic and waits for the ack. */
    public void send(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    private void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send to " + record.topic() + " failed", e.getCause());
        }
    }

    /**
     * Reads {@code topic} from the beginning until a record matches {@code until} or the timeout
     * passes, and returns every record read.
     */
    public List<ConsumerRecord<String, String>> readUntil(
            String topic, Predicate<ConsumerRecord<String, String>> until, Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean found = false;
            while (!found && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record);
                    found |= until.test(record);
                }
            }
        }
        return records;
    }

    /** The value of a record header as text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
