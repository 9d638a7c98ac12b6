package io.rapport.scoring.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Direction;
import io.rapport.common.event.RapportEvent;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import io.rapport.scoring.domain.AccountState;
import io.rapport.scoring.domain.Events;
import io.rapport.scoring.store.AccountStateRepository;
import io.rapport.scoring.store.StoredAccount;
import io.rapport.scoring.testing.MutableClock;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch of many accounts goes through in chunks (read, scored while the next are read, written): every
 * account is applied once, new and stored accounts alike, and an account written by someone else between
 * the read and the write of its chunk is reloaded and reapplied, whichever chunk it is in.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class ChunkedBatchTest {

    @Inject
    ScoringPipeline pipeline;

    @Inject
    AccountStateRepository states;

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void everyAccountOfABatchOfSeveralChunksIsAppliedOnceAndConflictsAreReapplied() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.freezeAt(now);
        int accounts = 4 * ScoringPipeline.MIN_CHUNK + 37;
        // Half the accounts are stored already (a first batch), half are new in the second batch.
        Map<String, List<RapportEvent>> first = new LinkedHashMap<>();
        Map<String, List<RapportEvent>> second = new LinkedHashMap<>();
        for (int i = 0; i < accounts; i++) {
            String id = "acc-chunk-" + i;
            Events ev = new Events(id);
            if (i % 2 == 0) {
                first.put(id, List.of(ev.account(now.minus(Duration.ofDays(300)), AccountKind.CUSTOMER, "gold")));
            }
            second.put(
                    id,
                    List.of(
                            ev.order(now.minus(Duration.ofDays(20 + i % 7)), "o-" + i, "1200.00"),
                            ev.meeting(now.minus(Duration.ofDays(2)), Direction.INBOUND, "c-" + i)));
        }
        ScoringPipeline.Outcome firstOutcome = pipeline.apply(first);
        assertThat(firstOutcome.applied()).isEqualTo(first.size());

        // Someone else writes two stored accounts, one early and one late in the batch, after our read:
        // the pipeline reads them at the old version, loses the write, reloads and reapplies.
        String early = "acc-chunk-2";
        String late = "acc-chunk-" + (accounts - 1 - (accounts - 1) % 2);
        RivalWrites batch = new RivalWrites(second, Set.of(early, late), now);
        ScoringPipeline.Outcome outcome = pipeline.apply(batch);

        assertThat(batch.rivalEvents).containsOnlyKeys(early, late);
        assertThat(outcome.conflicts()).isEqualTo(2);
        assertThat(outcome.applied()).isEqualTo(2 * accounts);
        assertThat(outcome.duplicates()).isZero();
        for (int i = 0; i < accounts; i++) {
            String id = "acc-chunk-" + i;
            AccountState expected = AccountState.empty(id)
                    .applyAll(first.getOrDefault(id, List.of()))
                    .applyAll(batch.rivalEvents.getOrDefault(id, List.of()))
                    .applyAll(second.get(id));
            StoredAccount stored = states.find(id).orElseThrow();
            assertThat(stored.state()).as(id).isEqualTo(expected);
            assertThat(stored.published()).as(id).isNotNull();
        }
    }

    /**
     * The events of a batch. The pipeline looks an account's events up when it scores the account, after
     * reading its chunk: for the rival accounts, that first look-up writes the account behind the
     * pipeline's back (another writer applying another event), so the pipeline's write of it loses.
     */
    private final class RivalWrites extends LinkedHashMap<String, List<RapportEvent>> {
        final Set<String> rivals;
        final Instant now;
        final Map<String, List<RapportEvent>> rivalEvents = new ConcurrentHashMap<>();

        RivalWrites(Map<String, List<RapportEvent>> events, Set<String> rivals, Instant now) {
            super(events);
            this.rivals = rivals;
            this.now = now;
        }

        @Override
        public List<RapportEvent> get(Object key) {
            String id = (String) key;
            if (rivals.contains(id) && !rivalEvents.containsKey(id)) {
                RapportEvent call = new Events(id).call(now.minus(Duration.ofDays(1)), Direction.OUTBOUND, "rival");
                StoredAccount read = states.find(id).orElseThrow();
                assertThat(states.saveAll(List.of(read.with(read.state().apply(call), read.published())), now))
                        .isEmpty();
                rivalEvents.put(id, List.of(call));
            }
            return super.get(key);
        }
    }
}
