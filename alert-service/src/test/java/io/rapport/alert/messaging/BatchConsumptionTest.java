package io.rapport.alert.messaging;

import static io.rapport.alert.domain.rules.Scores.score;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.alert.domain.alert.Alert;
import io.rapport.alert.domain.alert.AlertQuery;
import io.rapport.alert.domain.alert.AlertStore;
import io.rapport.alert.testing.MovableClock;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.AlertState;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.rapport.common.store.LatestScoreRepository;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One poll as one batch: dedup inside it, a poison record dead-lettered alone, a failed batch redone per record. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class BatchConsumptionTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ScoreConsumer scores;

    @Inject
    RecordBatches batches;

    @Inject
    AlertStore store;

    @Inject
    LatestScoreRepository latestScores;

    @Inject
    RecordedNotices notices;

    @Inject
    MovableClock clock;

    @BeforeEach
    void freezeTheClock() {
        clock.freeze();
    }

    static ConsumerRecords<String, String> poll(String topic, long firstOffset, String key, List<String> values) {
        TopicPartition tp = new TopicPartition(topic, 0);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            records.add(new ConsumerRecord<>(topic, 0, firstOffset + i, key, values.get(i)));
        }
        return new ConsumerRecords<>(Map.of(tp, records), Map.of());
    }

    static String scoreJson(String acc, long revision, double value, Double previous, Instant at) {
        return new String(
                RapportJson.toBytes(
                        score(acc, revision, value, previous, Map.of(), AccountKind.CUSTOMER, "key", 0.9, at)),
                StandardCharsets.UTF_8);
    }

    List<Alert> alertsOf(String acc) {
        return store.list(new AlertQuery(acc, null, null, null, "score-below-40", null, null, 0, 10))
                .items();
    }

    @Test
    void twoBreachesOfOneAccountInABatchAreOneAlertCountedTwiceAndOnlyThePoisonRecordIsDeadLettered() {
        String acc = "acc-batch-dedup";
        Instant t = Instant.parse("2026-03-12T09:00:00Z");
        String poison = "{\"eventId\":\"batch-poison\",\"score\":\"high\"";
        ConsumerRecords<String, String> batch = poll(
                Topics.SCORES,
                9_000_000,
                acc,
                List.of(
                        scoreJson(acc, 1, 75, null, t),
                        scoreJson(acc, 2, 35, 75.0, t.plusSeconds(60)),
                        poison,
                        scoreJson(acc, 3, 30, 35.0, t.plusSeconds(120))));

        scores.onScores(batch);

        assertThat(alertsOf(acc)).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.FIRING);
            assertThat(a.count()).isEqualTo(2);
            assertThat(a.eventIds()).containsExactly("score-" + acc + "-r2", "score-" + acc + "-r3");
        });
        assertThat(latestScores.find(acc).orElseThrow().revision()).isEqualTo(3);
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            var dead = kafka.readUntil(Topics.DEAD_LETTER, r -> r.value().contains("batch-poison"), WAIT);
            assertThat(dead.stream()
                            .filter(r -> Topics.SCORES.equals(KafkaTestClient.header(r, "dead-letter-topic"))
                                    && "9000002".equals(KafkaTestClient.header(r, "dead-letter-offset"))))
                    .singleElement()
                    .satisfies(r -> assertThat(KafkaTestClient.header(r, "dead-letter-reason"))
                            .isEqualTo("score: wrong type: expected a number"));
            assertThat(dead).noneMatch(r -> r.value().contains("score-" + acc + "-r"));
        }

        // Regression: the same poll redelivered (a crash before the commit) re-emits but counts nothing twice.
        Alert alert = alertsOf(acc).get(0);
        long before = notices.of(acc).stream()
                .filter(n -> n.alertId().equals(alert.id()))
                .count();
        scores.onScores(batch);
        assertThat(store.find(alert.id()).orElseThrow().count()).isEqualTo(2);
        assertThat(notices.of(acc).stream().filter(n -> n.alertId().equals(alert.id())))
                .hasSizeGreaterThan((int) before);
    }

    @Test
    void aBatchThatFailsIsProcessedAgainOneRecordAtATimeAndOnlyTheRecordThatFailsAloneIsDeadLettered() {
        List<String> processed = new ArrayList<>();
        batches.process(
                poll(Topics.SCORES, 9_100_000, "acc-batch-fail", List.of("a", "b-fails-alone", "c")),
                value -> value,
                all -> {
                    throw new IllegalStateException("store unavailable");
                },
                one -> {
                    if (one.contains("fails")) {
                        throw new IllegalArgumentException("cannot process " + one);
                    }
                    processed.add(one);
                });

        assertThat(processed).containsExactly("a", "c");
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            var dead = kafka.readUntil(Topics.DEAD_LETTER, r -> "b-fails-alone".equals(r.value()), WAIT);
            assertThat(dead)
                    .filteredOn(r -> "acc-batch-fail".equals(r.key()))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(KafkaTestClient.header(r, "dead-letter-reason"))
                                .isEqualTo("cannot process b-fails-alone");
                        assertThat(KafkaTestClient.header(r, "dead-letter-offset"))
                                .isEqualTo("9100001");
                    });
        }
    }
}
