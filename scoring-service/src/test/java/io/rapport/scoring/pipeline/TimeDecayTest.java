package io.rapport.scoring.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.ScoreBand;
import io.rapport.common.event.ScoreCause;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.localstack.testing.KafkaTestClient;
import io.rapport.scoring.domain.Accounts;
import io.rapport.scoring.domain.Events;
import io.rapport.scoring.store.AccountStateRepository;
import io.rapport.scoring.testing.MutableClock;
import io.rapport.scoring.testing.ScoreTopic;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Guards "time passes": with no new event, the scheduled recompute moves a silent account into at_risk. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class TimeDecayTest {

    @Inject
    AccountStateRepository states;

    @Inject
    ScheduledJobs jobs;

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void silentHealthyAccountIsRepublishedAtRiskWhenTheClockMovesOn() {
        String id = "acc-decay-1";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.freezeAt(now);
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            Accounts.healthyEngagedPayer(new Events(id), AccountKind.CUSTOMER, now)
                    .forEach(kafka::send);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(states.find(id))
                            .hasValueSatisfying(
                                    a -> assertThat(a.published().band().name()).isEqualTo("HEALTHY")));
            long healthyRevision = states.find(id).orElseThrow().published().revision();

            // Nothing is sent any more: only time passes, and the recompute runs as the scheduler would.
            for (int month = 1; month <= 10; month++) {
                clock.advance(Duration.ofDays(30));
                jobs.recomputeAll(ScoreCause.TIME_DECAY);
            }

            // While the history streams in, partial states may score at risk too: look after the healthy revision.
            List<ScoreChangedEvent> scores = ScoreTopic.readUntil(
                    kafka,
                    id,
                    s -> s.band() == ScoreBand.AT_RISK && s.revision() > healthyRevision,
                    Duration.ofSeconds(30));
            ScoreChangedEvent atRisk = scores.stream()
                    .filter(s -> s.band() == ScoreBand.AT_RISK && s.revision() > healthyRevision)
                    .findFirst()
                    .orElseThrow();
            String trail = scores.stream()
                    .map(s -> s.revision() + " " + s.cause() + " " + s.band() + " " + s.score() + " " + s.occurredAt())
                    .toList()
                    .toString();
            assertThat(atRisk.cause())
                    .as(trail + " healthy r" + healthyRevision)
                    .isEqualTo(ScoreCause.TIME_DECAY);
            assertThat(atRisk.revision()).isGreaterThan(healthyRevision);
            assertThat(atRisk.previousBand()).isIn(ScoreBand.WATCH, ScoreBand.HEALTHY);
            assertThat(atRisk.causingEventId()).isNull();
            assertThat(states.find(id).orElseThrow().published().band().name()).isEqualTo("AT_RISK");
        }
    }
}
