package io.rapport.scoring.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.rapport.common.kafka.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes scores and dead letters with a plain idempotent producer and waits for every ack before
 * returning, so a batch's offsets are committed only after its output is on the broker. A plain producer
 * (rather than an {@code Emitter}) because a batch publishes hundreds of records at once and each dead
 * letter needs its own headers; batch nack would dead-letter the whole poll.
 */
@ApplicationScoped
public class RecordPublisher {
    /** Dead-letter header: why the record was rejected. */
    public static final String REASON = "dead-letter-reason";
    /** Dead-letter header: the topic the record came from. */
    public static final String TOPIC = "dead-letter-topic";
    /** Dead-letter header: its partition. */
    public static final String PARTITION = "dead-letter-partition";
    /** Dead-letter header: its offset. */
    public static final String OFFSET = "dead-letter-offset";

    private final String bootstrapServers;
    private volatile KafkaProducer<String, String> producer;

    RecordPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A record to dead-letter: its origin, key, raw value and the reason. */
    public record DeadLetter(String topic, int partition, long offset, String key, String value, String reason) {}

    /** A score event already serialised (the JSON also kept in the account's document), keyed by account. */
    public record ScoreRecord(String accountId, String json) {}

    /** Publishes the scores keyed by account and waits for the acks. */
    public void publishScores(List<ScoreRecord> scores) {
        sendScores(scores).await();
    }

    /** Records sent and not yet acknowledged: {@link #await} waits for every ack (or the first failure). */
    public record Acks(List<Future<RecordMetadata>> futures) {
        public Acks {
            futures = List.copyOf(futures);
        }

        public void await() {
            RecordPublisher.await(futures);
        }
    }

    /** Sends the scores keyed by account without waiting for the acks, which the caller awaits. */
    public Acks sendScores(List<ScoreRecord> scores) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(scores.size());
        for (ScoreRecord s : scores) {
            acks.add(producer().send(new ProducerRecord<>(Topics.SCORES, s.accountId(), s.json())));
        }
        return new Acks(acks);
    }

    /** Publishes the dead letters with their headers and waits for the acks. */
    public void publishDeadLetters(List<DeadLetter> letters) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
        for (DeadLetter l : letters) {
            ProducerRecord<String, String> r = new ProducerRecord<>(Topics.DEAD_LETTER, l.key(), l.value());
            r.headers().add(REASON, bytes(l.reason()));
            r.headers().add(TOPIC, bytes(l.topic()));
            r.headers().add(PARTITION, bytes(Integer.toString(l.partition())));
            r.headers().add(OFFSET, bytes(Long.toString(l.offset())));
            acks.add(producer().send(r));
        }
        await(acks);
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    private static void await(List<Future<RecordMetadata>> acks) {
        try {
            for (Future<RecordMetadata> f : acks) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing failed: " + e.getCause(), e.getCause());
        }
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrapServers,
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                            true,
                            // Each batch waits for its acks right after sending: lingering would only delay them.
                            ProducerConfig.LINGER_MS_CONFIG,
                            0,
                            ProducerConfig.CLIENT_ID_CONFIG,
                            "scoring-service-publisher",
                            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                            StringSerializer.class,
                            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                            StringSerializer.class));
                }
                p = producer;
            }
        }
        return p;
    }

    void onStop(@Observes ShutdownEvent event) {
        KafkaProducer<String, String> p = producer;
        if (p != null) p.close(Duration.ofSeconds(5));
    }
}
