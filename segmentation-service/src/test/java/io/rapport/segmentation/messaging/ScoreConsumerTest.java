package io.rapport.segmentation.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.rapport.common.store.LatestScoreRepository;
import io.rapport.common.testing.EventFixtures;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class ScoreConsumerTest {

    @Inject
    LatestScoreRepository latestScores;

    @Test
    void keepsTheLatestRevisionOfEachAccountsScoreAndIgnoresStaleRedeliveries() {
        ScoreChangedEvent fixture = EventFixtures.scoreChanged();
        ScoreChangedEvent newer = withRevision(fixture, "acc-seg-1", 5, 66.0);
        ScoreChangedEvent stale = withRevision(fixture, "acc-seg-1", 4, 90.0);
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.send(Topics.SCORES, "acc-seg-1", json(newer));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(latestScores.find("acc-seg-1"))
                            .hasValueSatisfying(s -> assertThat(s.revision()).isEqualTo(5)));
            kafka.send(Topics.SCORES, "acc-seg-1", json(stale));
            ScoreChangedEvent marker = withRevision(fixture, "acc-seg-2", 1, 50.0);
            kafka.send(Topics.SCORES, "acc-seg-2", json(marker));
            // same partition order is not guaranteed across keys; wait until the stale one was surely consumed
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> latestScores.find("acc-seg-2").isPresent());
        }
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                latestScores.find("acc-seg-1").orElseThrow().score())
                        .isEqualTo(66.0));
        assertThat(latestScores.find("acc-seg-1").orElseThrow()).isEqualTo(newer);
    }

    static ScoreChangedEvent withRevision(ScoreChangedEvent s, String accountId, long revision, double score) {
        return new ScoreChangedEvent(
                "score-" + accountId + "-r" + revision,
                accountId,
                s.occurredAt(),
                s.source(),
                revision,
                score,
                s.band(),
                s.previousScore(),
                s.previousBand(),
                s.components(),
                s.lifecycleStage(),
                s.previousLifecycleStage(),
                s.clv(),
                s.rfm(),
                s.account(),
                s.indicators(),
                s.cause(),
                s.causingEventId(),
                s.modelVersion());
    }

    static String json(ScoreChangedEvent event) {
        return new String(RapportJson.toBytes(event), StandardCharsets.UTF_8);
    }
}
