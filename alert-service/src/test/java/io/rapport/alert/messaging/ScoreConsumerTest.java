package io.rapport.alert.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.rapport.common.store.LatestScoreRepository;
import io.rapport.common.testing.EventFixtures;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class ScoreConsumerTest {

    @Inject
    LatestScoreRepository latestScores;

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsReasonAndThePartitionFlowsOn() {
        String accountId = "acc-alert-dlq";
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.send(Topics.SCORES, accountId, "{\"eventId\":\"broken\",\"score\":\"high\"");
            kafka.send(Topics.SCORES, accountId, "{\"eventId\":\"s-1\",\"accountId\":\"" + accountId + "\"}");
            String valid = new String(RapportJson.toBytes(EventFixtures.scoreChanged()), StandardCharsets.UTF_8)
                    .replace(EventFixtures.ACCOUNT_ID, accountId);
            kafka.send(Topics.SCORES, accountId, valid);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> latestScores.find(accountId).isPresent());

            var dead = kafka.readUntil(Topics.DEAD_LETTER, r -> r.value().contains("\"s-1\""), Duration.ofSeconds(30));
            ConsumerRecord<String, String> malformed = dead.stream()
                    .filter(r -> r.value().contains("broken"))
                    .findFirst()
                    .orElseThrow();
            assertThat(KafkaTestClient.header(malformed, "dead-letter-reason"))
                    .isEqualTo("score: wrong type: expected a number");
            ConsumerRecord<String, String> incomplete = dead.stream()
                    .filter(r -> r.value().contains("\"s-1\""))
                    .findFirst()
                    .orElseThrow();
            assertThat(KafkaTestClient.header(incomplete, "dead-letter-reason")).contains("revision");
            assertThat(KafkaTestClient.header(incomplete, "dead-letter-topic")).isEqualTo(Topics.SCORES);
        }
    }
}
