package io.rapport.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Direction;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.ScoreCause;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import io.rapport.scoring.domain.AccountState;
import io.rapport.scoring.domain.Events;
import io.rapport.scoring.store.AccountStateRepository;
import io.rapport.scoring.store.StoredAccount;
import io.rapport.scoring.testing.ScoreTopic;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The foundation: Kafka records in, account state in MongoDB and a score on rapport.scores.v1 out. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class EventBatchConsumerTest {

    @Inject
    AccountStateRepository states;

    @Test
    void eventsFromTheThreeTopicsBecomeStoredStateAndAPublishedScore() {
        String id = "acc-found-1";
        Events ev = new Events(id);
        Instant now = Instant.now();
        List<RapportEvent> events = List.of(
                ev.account(now.minus(Duration.ofDays(200)), AccountKind.CUSTOMER, "gold"),
                ev.order(now.minus(Duration.ofDays(20)), "o-1", "5000.00"),
                ev.meeting(now.minus(Duration.ofDays(2)), Direction.INBOUND, "c-1"));
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            events.forEach(kafka::send);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(states.find(id))
                            .hasValueSatisfying(a ->
                                    assertThat(a.state().appliedEventCount()).isEqualTo(3)));
            StoredAccount stored = states.find(id).orElseThrow();
            assertThat(stored.state()).isEqualTo(AccountState.empty(id).applyAll(events));
            assertThat(stored.published()).isNotNull();

            List<ScoreChangedEvent> scores = ScoreTopic.readUntil(
                    kafka, id, s -> s.revision() == stored.published().revision(), Duration.ofSeconds(30));
            ScoreChangedEvent last = scores.get(scores.size() - 1);
            assertThat(last.revision()).isEqualTo(stored.published().revision());
            assertThat(last.eventId()).isEqualTo("score-" + id + "-r" + last.revision());
            assertThat(last.cause()).isEqualTo(ScoreCause.EVENT);
            assertThat(last.causingEventId())
                    .isIn(events.stream().map(RapportEvent::eventId).toList());
            assertThat(last.score()).isEqualTo(stored.published().score());
            assertThat(last.components())
                    .extracting(ScoreChangedEvent.ComponentValue::name)
                    .containsExactly("value", "engagement", "sentiment", "risk");
            assertThat(last.account()).isNotNull();
            assertThat(last.account().kind()).isEqualTo(AccountKind.CUSTOMER);
            assertThat(last.indicators()).containsKey("daysSinceLastTwoWayInteraction");
        }
    }

    @Test
    void poisonRecordInTheMiddleOfABatchIsDeadLetteredWithItsReasonAndTheOthersAreApplied() {
        String id = "acc-dlq-1";
        Events ev = new Events(id);
        Instant now = Instant.now();
        RapportEvent before = ev.meeting(now.minus(Duration.ofDays(1)), Direction.INBOUND, "c-1");
        RapportEvent after = ev.call(now.minus(Duration.ofHours(5)), Direction.OUTBOUND, "c-2");
        String poison = "{\"type\":\"meeting\",\"eventId\":\"poison-1\",\"accountId\":\"" + id + "\"";
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.send(before.type().topic(), id, json(before));
            kafka.send(Topics.INTERACTIONS, id, poison);
            kafka.send(after.type().topic(), id, json(after));

            List<ConsumerRecord<String, String>> dead =
                    kafka.readUntil(Topics.DEAD_LETTER, r -> poison.equals(r.value()), Duration.ofSeconds(30));
            ConsumerRecord<String, String> letter = dead.stream()
                    .filter(r -> poison.equals(r.value()))
                    .findFirst()
                    .orElseThrow();
            assertThat(letter.key()).isEqualTo(id);
            assertThat(KafkaTestClient.header(letter, RecordPublisher.REASON)).isNotBlank();
            assertThat(KafkaTestClient.header(letter, RecordPublisher.TOPIC)).isEqualTo(Topics.INTERACTIONS);
            assertThat(KafkaTestClient.header(letter, RecordPublisher.PARTITION))
                    .matches("\\d+");
            assertThat(KafkaTestClient.header(letter, RecordPublisher.OFFSET)).matches("\\d+");
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(states.find(id).map(a -> a.state()))
                        .isEqualTo(Optional.of(AccountState.empty(id).applyAll(List.of(before, after)))));
    }

    @Test
    void recordKeyedByAnotherAccountIsDeadLetteredAsAKeyMismatch() {
        Events ev = new Events("acc-dlq-2");
        RapportEvent event = ev.meeting(Instant.now().minus(Duration.ofHours(1)), Direction.INBOUND, "c-1");
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.send(Topics.INTERACTIONS, "acc-someone-else", json(event));
            List<ConsumerRecord<String, String>> dead = kafka.readUntil(
                    Topics.DEAD_LETTER, r -> "acc-someone-else".equals(r.key()), Duration.ofSeconds(30));
            assertThat(dead).anySatisfy(r -> {
                assertThat(r.key()).isEqualTo("acc-someone-else");
                assertThat(KafkaTestClient.header(r, RecordPublisher.REASON)).contains("accountId");
            });
        }
        assertThat(states.find("acc-dlq-2")).isEmpty();
    }

    static String json(RapportEvent e) {
        return new String(RapportJson.toBytes(e), StandardCharsets.UTF_8);
    }
}
