package io.rapport.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rapport.common.event.EventType;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.rapport.ingest.api.EventExamples;
import io.rapport.ingest.config.IngestConfig;
import io.rapport.ingest.domain.AcceptedEventLog;
import io.rapport.ingest.domain.EventIntake;
import io.rapport.ingest.domain.EventOutcome;
import io.rapport.ingest.domain.IngestReport;
import io.rapport.ingest.domain.Submission;
import io.rapport.localstack.infra.EmbeddedKafkaBroker;
import io.rapport.localstack.infra.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Durability: the broker stops in the middle of a batch. Every event reported accepted is in Kafka
 * after the broker comes back; no event missing from Kafka was reported accepted.
 */
class BrokerStopsMidBatchTest {
    static final int EVENTS = 2_000;
    static final int STOP_AFTER = 700;

    @Test
    void everyEventReportedAcceptedIsInKafka() throws Exception {
        Path dir = Files.createTempDirectory("ingest-durability");
        int port = Ports.freePort();
        int controllerPort = Ports.freePort();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(port, controllerPort, dir).start(Duration.ofSeconds(60));
        broker.createTopics(Topics.ALL, 2);
        KafkaEventPublisher kafka = new KafkaEventPublisher(
                Map.of("bootstrap.servers", broker.bootstrapServers()),
                Duration.ofSeconds(4),
                new IngestConfig.Producer() {
                    @Override
                    public int lingerMs() {
                        return 5;
                    }

                    @Override
                    public int batchSize() {
                        return 64 * 1024;
                    }

                    @Override
                    public String compressionType() {
                        return "none";
                    }
                },
                new SimpleMeterRegistry());
        EmbeddedKafkaBroker[] running = {broker};
        // Stops the broker synchronously while the batch is being published.
        var stopping = new io.rapport.ingest.domain.EventPublisher() {
            int sent;

            @Override
            public CompletableFuture<Void> publish(RapportEvent event) {
                if (sent++ == STOP_AFTER) {
                    running[0].close();
                }
                return kafka.publish(event);
            }
        };
        Set<String> remembered = new HashSet<>();
        AcceptedEventLog log = new AcceptedEventLog() {
            @Override
            public Set<String> alreadyAccepted(Collection<String> eventIds) {
                return Set.of();
            }

            @Override
            public void remember(List<RapportEvent> events) {
                events.forEach(e -> remembered.add(e.eventId()));
            }
        };
        EventIntake intake =
                new EventIntake(log, stopping, Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofSeconds(6));

        List<Submission> batch = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            var tree = EventExamples.tree(EventType.MEETING)
                    .put("eventId", "dur-" + i)
                    .put("accountId", "acc-" + (i % 50));
            batch.add(Submission.parsed(i, RapportJson.mapper().treeToValue(tree, RapportEvent.class)));
        }
        IngestReport report = intake.process(batch);
        kafka.close();

        Set<String> accepted = report.results().stream()
                .filter(r -> r.outcome() == EventOutcome.ACCEPTED)
                .map(IngestReport.EventResult::eventId)
                .collect(Collectors.toSet());
        assertThat(report.count(EventOutcome.NOT_WRITTEN))
                .as("events after the stop are not written")
                .isPositive();
        assertThat(report.count(EventOutcome.ACCEPTED) + report.count(EventOutcome.NOT_WRITTEN))
                .isEqualTo(EVENTS);
        assertThat(remembered).as("only acknowledged events are remembered").isEqualTo(accepted);

        EmbeddedKafkaBroker restarted =
                new EmbeddedKafkaBroker(port, controllerPort, dir).start(Duration.ofSeconds(60));
        try {
            Set<String> inKafka = readAll(restarted.bootstrapServers());
            assertThat(inKafka).as("every event reported accepted is in Kafka").containsAll(accepted);
            Set<String> missing = new HashSet<>();
            for (int i = 0; i < EVENTS; i++) {
                if (!inKafka.contains("dur-" + i)) {
                    missing.add("dur-" + i);
                }
            }
            assertThat(missing)
                    .as("no event missing from Kafka was reported accepted")
                    .doesNotContainAnyElementsOf(accepted);
        } finally {
            restarted.close();
        }
    }

    private static Set<String> readAll(String bootstrap) {
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, "durability-check",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.INTERACTIONS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && emptyPolls < 10) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty() && !ids.isEmpty()) {
                    emptyPolls++;
                }
                records.forEach(r -> {
                    try {
                        ids.add(RapportJson.fromBytes(r.value().getBytes()).eventId());
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }
        return ids;
    }
}
