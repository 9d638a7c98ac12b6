package io.rapport.alert.messaging;

import io.rapport.common.kafka.Topics;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Dead-letters single records of a batch to {@code rapport.dlq.v1} with the headers the channels'
 * {@code dead-letter-queue} strategy writes (reason, exception class, origin topic, partition, offset):
 * a batch nack would dead-letter the whole poll, so batch consumers send their poison records here one by
 * one and the rest of the batch flows on. Waits for the broker's acks before returning, so the batch is
 * committed only once its dead letters are stored.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final KafkaProducer<String, String> producer;

    @Inject
    DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "alert-service-dead-letters");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** A record of a batch and why it cannot be processed. */
    public record DeadLetter(ConsumerRecord<String, String> record, Throwable reason) {}

    /** Publishes the dead letters and waits for the acks; throws if one was not stored. */
    public void publish(List<DeadLetter> letters) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (DeadLetter letter : letters) {
            ConsumerRecord<String, String> r = letter.record();
            ProducerRecord<String, String> out = new ProducerRecord<>(Topics.DEAD_LETTER, r.key(), r.value());
            out.headers()
                    .add(
                            "dead-letter-reason",
                            bytes(String.valueOf(letter.reason().getMessage())));
            out.headers()
                    .add(
                            "dead-letter-exception-class-name",
                            bytes(letter.reason().getClass().getName()));
            if (letter.reason().getCause() != null) {
                out.headers()
                        .add(
                                "dead-letter-cause",
                                bytes(String.valueOf(letter.reason().getCause().getMessage())));
            }
            out.headers().add("dead-letter-topic", bytes(r.topic()));
            out.headers().add("dead-letter-partition", bytes(Integer.toString(r.partition())));
            out.headers().add("dead-letter-offset", bytes(Long.toString(r.offset())));
            acks.add(producer.send(out));
            LOG.warnf(
                    "dead-lettering %s-%d@%d: %s",
                    r.topic(), r.partition(), r.offset(), letter.reason().getMessage());
        }
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while dead-lettering", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("dead letter not stored: " + e.getMessage(), e);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
