package io.rapport.scoring.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import io.rapport.scoring.config.ScoringPolicies;
import io.rapport.scoring.domain.AccountState;
import io.rapport.scoring.domain.Accounts;
import io.rapport.scoring.domain.Events;
import io.rapport.scoring.domain.RelationshipScore;
import io.rapport.scoring.domain.ScoreCalculator;
import io.rapport.scoring.store.AccountStateRepository;
import io.rapport.scoring.store.StoredAccount;
import io.rapport.scoring.testing.MutableClock;
import io.rapport.scoring.testing.ScoreTopic;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once effect over at-least-once delivery, through Kafka and MongoDB: a stream with duplicates
 * and shuffled order leaves the stored state equal to the fold of the unique events, and the score
 * published last is the reference score.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class ExactlyOnceEffectTest {

    @Inject
    AccountStateRepository states;

    @Inject
    ScoringPolicies policies;

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void duplicatedShuffledStreamGivesTheReferenceStateAndTheReferenceScore() {
        String id = "acc-eo-1";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.freezeAt(now);
        List<RapportEvent> unique = Accounts.healthyEngagedPayer(new Events(id), AccountKind.CUSTOMER, now);
        List<RapportEvent> stream = new ArrayList<>(unique);
        Random random = new Random(42);
        for (int i = 0; i < unique.size() / 2; i++) stream.add(unique.get(random.nextInt(unique.size())));
        Collections.shuffle(stream, random);
        AccountState reference = AccountState.empty(id).applyAll(unique);

        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            // In two halves, with a redelivery of the first half in between, so several batches are involved.
            int half = stream.size() / 2;
            stream.subList(0, half).forEach(kafka::send);
            stream.subList(0, half).forEach(kafka::send);
            stream.subList(half, stream.size()).forEach(kafka::send);

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(states.find(id).map(StoredAccount::state))
                            .hasValue(reference));

            StoredAccount stored = states.find(id).orElseThrow();
            RelationshipScore expected =
                    ScoreCalculator.score(reference, now, policies.forKind(reference.kind()), null);
            long revision = stored.published().revision();
            List<ScoreChangedEvent> scores =
                    ScoreTopic.readUntil(kafka, id, s -> s.revision() == revision, Duration.ofSeconds(30));
            ScoreChangedEvent last = scores.get(scores.size() - 1);
            assertThat(last.revision()).isEqualTo(revision);
            // The last publication is the state's score unless the final batches moved it less than the threshold.
            assertThat(last.score()).isCloseTo(expected.score(), org.assertj.core.data.Offset.offset(1.0));
            assertThat(last.band().name()).isEqualTo(expected.band().name());
            // Revisions are gap-free and never repeat with different content.
            assertThat(scores.stream()
                            .map(ScoreChangedEvent::revision)
                            .distinct()
                            .toList())
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, revision)
                            .boxed()
                            .toList());
        }
    }
}
