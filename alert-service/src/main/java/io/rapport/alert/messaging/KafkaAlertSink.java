package io.rapport.alert.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.rapport.alert.config.AlertsConfig;
import io.rapport.alert.domain.alert.Alert;
import io.rapport.alert.domain.alert.AlertSink;
import io.rapport.alert.domain.notify.AlertNotice;
import io.rapport.common.event.AlertState;
import io.rapport.common.event.OutputEventType;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Emits each stored alert state: publishes an {@code AlertEvent} to {@code rapport.alerts.v1}
 * (keyed by accountId, deterministic eventId, waiting for the broker's ack) and fires the {@link
 * AlertNotice} CDI event synchronously, before the causing record is acknowledged.
 */
@ApplicationScoped
public class KafkaAlertSink implements AlertSink {
    private static final byte[] TYPE = OutputEventType.ALERT.wireName().getBytes(StandardCharsets.UTF_8);
    private static final byte[] SCHEMA_VERSION = "1".getBytes(StandardCharsets.UTF_8);

    private final KafkaProducer<String, byte[]> producer;
    private final Event<AlertNotice> notices;
    private final AlertsConfig config;
    private final MeterRegistry registry;

    @Inject
    KafkaAlertSink(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            Event<AlertNotice> notices,
            AlertsConfig config,
            MeterRegistry registry) {
        this.notices = notices;
        this.config = config;
        this.registry = registry;
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        int timeoutMs = (int) Math.max(2000, config.publishTimeout().toMillis());
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs / 2);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2 - 10);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "alert-service-alerts");
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        for (AlertState state : AlertState.values()) {
            registry.counter("alert.alert.states", "state", state.wireName());
        }
    }

    @Override
    public void emit(Alert alert) {
        await(alert, producer.send(record(alert)));
        published(alert);
    }

    /**
     * A sink for one batch of records: {@link Batch#emit} sends without waiting, {@link Batch#flush}
     * waits for every ack and only then tells the notification side, in emission order. One wait per
     * batch instead of one broker round trip per alert.
     */
    public Batch batch() {
        return new Batch();
    }

    /** The alerts of one batch, published together; see {@link #batch()}. */
    public final class Batch implements AlertSink {
        private final List<Alert> alerts = new ArrayList<>();
        private final List<Future<RecordMetadata>> acks = new ArrayList<>();

        private Batch() {}

        @Override
        public void emit(Alert alert) {
            acks.add(producer.send(record(alert)));
            alerts.add(alert);
        }

        /** Waits for the broker's ack of every alert sent, then fires their notices; throws if one failed. */
        public void flush() {
            for (int i = 0; i < alerts.size(); i++) {
                await(alerts.get(i), acks.get(i));
            }
            alerts.forEach(KafkaAlertSink.this::published);
            alerts.clear();
            acks.clear();
        }
    }

    private ProducerRecord<String, byte[]> record(Alert alert) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.ALERTS, alert.accountId(), RapportJson.toBytes(AlertEventMapper.toEvent(alert)));
        record.headers().add(Topics.HEADER_EVENT_TYPE, TYPE);
        record.headers().add(Topics.HEADER_SCHEMA_VERSION, SCHEMA_VERSION);
        return record;
    }

    private void await(Alert alert, Future<RecordMetadata> ack) {
        try {
            ack.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing alert " + alert.id(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "alert " + alert.id() + " not published to " + Topics.ALERTS + ": " + e.getMessage(), e);
        }
    }

    /** What follows the broker's ack: the notice for the notification side and the metrics. */
    private void published(Alert alert) {
        notices.fire(AlertEventMapper.toNotice(alert, config.linkBase()));
        registry.counter("alert.alert.states", "state", alert.state().name().toLowerCase(Locale.ROOT))
                .increment();
        if (alert.state() == AlertState.FIRING && alert.revision() == 1) {
            // one per alert that fired (later revisions are updates of the same alert): "alerts by topic"
            registry.counter(
                            "alert.alerts",
                            "topic",
                            alert.topic(),
                            "severity",
                            alert.severity().wireName())
                    .increment();
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
