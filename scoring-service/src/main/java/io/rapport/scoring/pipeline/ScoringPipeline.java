package io.rapport.scoring.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.ScoreCause;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.scoring.clv.ClvService;
import io.rapport.scoring.config.ScoringConfig;
import io.rapport.scoring.config.ScoringPolicies;
import io.rapport.scoring.domain.AccountState;
import io.rapport.scoring.domain.RelationshipScore;
import io.rapport.scoring.domain.ScoreCalculator;
import io.rapport.scoring.domain.ScoreMovement;
import io.rapport.scoring.domain.ScoringPolicy;
import io.rapport.scoring.messaging.RecordPublisher;
import io.rapport.scoring.store.AccountStateRepository;
import io.rapport.scoring.store.PublishedScore;
import io.rapport.scoring.store.RecentHistory;
import io.rapport.scoring.store.ScoreHistoryRepository;
import io.rapport.scoring.store.StoredAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Applies events to account states and publishes the scores that moved, in bulk: one read of the affected
 * accounts, one write of their documents, then the scores (persist, then emit). A published revision is
 * recorded in the account's own document ({@link RecentHistory}), so it costs no write of its own; every
 * {@code history-bucket-size} revisions move to a {@code score_history} bucket, inserted (one call per
 * batch) before the state documents are written. A crash between the write and the publication is repaired
 * on redelivery: the state dedups the events, and an account whose events in a batch were all duplicates
 * republishes its last published event (same revision, same event id), which consumers deduplicate by
 * revision.
 */
@ApplicationScoped
public class ScoringPipeline {
    private static final Logger LOG = Logger.getLogger(ScoringPipeline.class);
    /** The fewest accounts worth a chunk of their own (see {@link #chunks}). */
    static final int MIN_CHUNK = 50;

    /** What a batch did. */
    public record Outcome(int applied, int duplicates, int published, int conflicts) {}

    /**
     * An account's document to write (prepared on the worker that scored it), the history bucket to insert
     * before it (empty: none) and, when its score moved, the serialised event to publish and its history
     * entry.
     */
    private record Evaluated(
            AccountStateRepository.StateWrite write,
            List<ScoreHistoryRepository.Entry> bucket,
            RecordPublisher.ScoreRecord event,
            ScoreHistoryRepository.Entry entry) {}

    /**
     * What one account's events did: counts, and either the document to write (events applied) or its last
     * published score to publish again (all duplicates), or neither.
     */
    private record Applied(
            String accountId,
            int applied,
            int duplicates,
            Evaluated evaluated,
            RecordPublisher.ScoreRecord republish) {}

    private final AccountStateRepository states;
    private final ScoreHistoryRepository history;
    private final RecordPublisher publisher;
    private final ClvService clv;
    private final BatchWorkers workers;
    private final ScoringPolicies policies;
    private final ScoringConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final io.micrometer.core.instrument.DistributionSummary scoreDistribution;

    ScoringPipeline(
            AccountStateRepository states,
            ScoreHistoryRepository history,
            RecordPublisher publisher,
            ClvService clv,
            BatchWorkers workers,
            ScoringPolicies policies,
            ScoringConfig config,
            Clock clock,
            MeterRegistry metrics) {
        this.states = states;
        this.history = history;
        this.publisher = publisher;
        this.clv = clv;
        this.workers = workers;
        this.policies = policies;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        if (config.batchChunks() < 1) {
            throw new IllegalArgumentException(
                    "rapport.scoring.batch-chunks must be at least 1, was " + config.batchChunks());
        }
        if (config.historyBucketSize() < 1) {
            throw new IllegalArgumentException(
                    "rapport.scoring.history-bucket-size must be at least 1, was " + config.historyBucketSize());
        }
        for (ScoreCause c : ScoreCause.values()) metrics.counter("scoring.scores.published", "cause", c.wireName());
        metrics.counter("scoring.write_conflicts");
        // Published scores in buckets of 10 points: the dashboard's score distribution and median.
        this.scoreDistribution = io.micrometer.core.instrument.DistributionSummary.builder("scoring.score")
                .description("Published relationship scores (0-100)")
                .serviceLevelObjectives(10, 20, 30, 40, 50, 60, 70, 80, 90, 100)
                .register(metrics);
        metrics.counter("scoring.scores.republished");
    }

    /**
     * Applies each account's events (in any order; duplicates are ignored by the state) and publishes the
     * scores that moved. Accounts whose document changed under us are reloaded and reapplied.
     *
     * <p>The accounts go through in up to {@code batch-chunks} chunks: each chunk is read, then scored on
     * the workers while the next chunks are read and the earlier ones written, so the store is not left
     * idle while the batch is scored. Each account is still read once and written once; its score is sent
     * after its document is written (persist, then emit), and the batch returns once every score is acked.
     */
    public Outcome apply(Map<String, List<RapportEvent>> eventsByAccount) {
        Instant now = clock.instant();
        Settled settled = new Settled();
        List<CompletableFuture<List<Applied>>> scored = new ArrayList<>();
        for (List<String> chunk : chunks(new ArrayList<>(eventsByAccount.keySet()))) {
            Map<String, StoredAccount> loaded = states.findAll(chunk);
            scored.add(workers.mapAsync(
                    chunk,
                    id -> applyTo(loaded.getOrDefault(id, StoredAccount.fresh(id)), eventsByAccount.get(id), now)));
        }
        Set<String> lost = new LinkedHashSet<>();
        for (CompletableFuture<List<Applied>> chunk : scored) lost.addAll(settle(BatchWorkers.join(chunk), settled));
        int conflicts = 0;
        for (int attempt = 0; !lost.isEmpty(); attempt++) {
            conflicts += lost.size();
            metrics.counter("scoring.write_conflicts").increment(lost.size());
            if (attempt >= config.maxWriteConflictRetries()) {
                throw new IllegalStateException("accounts " + lost + " kept changing under us; giving up the batch");
            }
            LOG.debugf("write conflict on %s; reloading and reapplying", lost);
            Map<String, StoredAccount> reloaded = states.findAll(lost);
            lost = settle(
                    workers.map(
                            new ArrayList<>(lost),
                            id -> applyTo(
                                    reloaded.getOrDefault(id, StoredAccount.fresh(id)), eventsByAccount.get(id), now)),
                    settled);
        }
        for (RecordPublisher.Acks acks : settled.acks) acks.await();
        recordPublished(settled.entries, ScoreCause.EVENT);
        if (!settled.republish.isEmpty()) {
            publisher.publishScores(settled.republish);
            metrics.counter("scoring.scores.republished").increment(settled.republish.size());
        }
        int applied = 0;
        int duplicates = 0;
        for (int[] c : settled.counts.values()) {
            applied += c[0];
            duplicates += c[1];
        }
        return new Outcome(applied, duplicates, settled.entries.size(), conflicts);
    }

    /** What the chunks of a batch did so far: counts per account, scores sent and their acks, republications. */
    private static final class Settled {
        final Map<String, int[]> counts = new HashMap<>();
        final List<ScoreHistoryRepository.Entry> entries = new ArrayList<>();
        final List<RecordPublisher.Acks> acks = new ArrayList<>();
        final List<RecordPublisher.ScoreRecord> republish = new ArrayList<>();
    }

    /**
     * Writes the scored accounts of a chunk and sends the scores of those written, without waiting for the
     * acks.
     *
     * @return the accounts whose write lost to a concurrent writer
     */
    private Set<String> settle(List<Applied> results, Settled settled) {
        Map<String, Evaluated> writes = new HashMap<>();
        for (Applied a : results) {
            settled.counts.put(a.accountId(), new int[] {a.applied(), a.duplicates()});
            if (a.evaluated() != null) {
                writes.put(a.accountId(), a.evaluated());
            } else if (a.republish() != null) {
                settled.republish.add(a.republish());
            }
        }
        return writeAndSend(writes.values(), settled);
    }

    /**
     * Writes the documents, then sends the scores of those written (not of those lost to a concurrent
     * writer) without waiting for the acks, which go to {@code settled}.
     *
     * @return the accounts whose write lost
     */
    private Set<String> writeAndSend(Collection<Evaluated> writes, Settled settled) {
        Set<String> lost = write(writes);
        List<RecordPublisher.ScoreRecord> events = new ArrayList<>();
        for (Evaluated w : writes) {
            if (w.event() != null && !lost.contains(w.write().accountId())) {
                events.add(w.event());
                settled.entries.add(w.entry());
            }
        }
        if (!events.isEmpty()) settled.acks.add(publisher.sendScores(events));
        return lost;
    }

    /**
     * The batch's accounts in up to {@code batch-chunks} chunks of at least {@link #MIN_CHUNK} accounts
     * (smaller chunks would cost more round trips than the overlap saves).
     */
    private List<List<String>> chunks(List<String> accounts) {
        int count = Math.max(1, Math.min(config.batchChunks(), accounts.size() / MIN_CHUNK));
        List<List<String>> chunks = new ArrayList<>(count);
        int size = (accounts.size() + count - 1) / count;
        for (int from = 0; from < accounts.size(); from += size) {
            chunks.add(accounts.subList(from, Math.min(accounts.size(), from + size)));
        }
        return chunks;
    }

    /**
     * Rescores stored accounts as of now without new events (time passing, a new model) and publishes the
     * scores that moved with {@code cause}. An account written concurrently is left to its writer, which
     * scored it at the same time.
     *
     * @return how many scores were published
     */
    public int rescore(List<StoredAccount> accounts, ScoreCause cause) {
        Instant now = clock.instant();
        Map<String, Evaluated> writes = new HashMap<>();
        for (Evaluated e : workers.map(accounts, a -> evaluate(a, a.state(), now, cause, null))) {
            if (e.event() != null) writes.put(e.write().accountId(), e);
        }
        Settled settled = new Settled();
        writeAndSend(writes.values(), settled);
        for (RecordPublisher.Acks acks : settled.acks) acks.await();
        recordPublished(settled.entries, cause);
        return settled.entries.size();
    }

    /**
     * Inserts the history buckets, then writes the state documents, each over the version it was read at.
     * The buckets go first: they hold only revisions already stored in the documents being replaced, so a
     * bucket is never lost to a crash between the two calls (it is written again, a duplicate, next time).
     *
     * @return the accounts whose write lost to a concurrent writer
     */
    private Set<String> write(Collection<Evaluated> writes) {
        List<List<ScoreHistoryRepository.Entry>> buckets = new ArrayList<>();
        List<AccountStateRepository.StateWrite> docs = new ArrayList<>(writes.size());
        for (Evaluated w : writes) {
            if (!w.bucket().isEmpty()) buckets.add(w.bucket());
            docs.add(w.write());
        }
        history.insertBuckets(buckets);
        return states.write(docs);
    }

    /** Folds one account's events into its stored state and, when any applied, scores it. */
    private Applied applyTo(StoredAccount current, List<RapportEvent> events, Instant now) {
        String id = current.state().accountId();
        AccountState.Folded folded = current.state().fold(events);
        if (folded.applied() == 0) {
            RecordPublisher.ScoreRecord again = current.published() != null
                            && current.published().eventJson() != null
                    ? new RecordPublisher.ScoreRecord(id, current.published().eventJson())
                    : null;
            return new Applied(id, 0, folded.duplicates(), null, again);
        }
        ScoringPolicy policy = policies.forKind(folded.state().kind());
        AccountState state = folded.state().prunedAt(now, policy.retentionDays());
        return new Applied(
                id,
                folded.applied(),
                folded.duplicates(),
                evaluate(current, state, now, ScoreCause.EVENT, folded.lastAppliedEventId()),
                null);
    }

    /** Scores {@code state} now and, when it moved from the last publication, prepares the next revision. */
    private Evaluated evaluate(
            StoredAccount current, AccountState state, Instant now, ScoreCause cause, String causing) {
        String id = state.accountId();
        ScoringPolicy policy = policies.forKind(state.kind());
        ClvService.AccountClv figures = clv.evaluate(state, now);
        RelationshipScore score = ScoreCalculator.score(state, now, policy, figures == null ? null : figures.inputs());
        PublishedScore previous = current.published();
        String model = figures == null ? null : figures.modelVersion();
        ScoreMovement movement = ScoreMovement.between(
                        previous == null ? null : previous.toScore(id), score, config.publishThreshold())
                .withModel(previous == null ? null : previous.clvModel(), model);
        if (!movement.publish()) {
            return prepared(current, state, previous, null, now, null);
        }
        long revision = previous == null ? 1 : previous.revision() + 1;
        String eventId = ScoreEventMapper.eventId(id, revision);
        ScoreChangedEvent event = ScoreEventMapper.toEvent(
                score, state, previous, revision, cause, causing, figures, config.clvHorizonDays(), config.source());
        ScoreHistoryRepository.Entry entry = new ScoreHistoryRepository.Entry(
                eventId,
                id,
                revision,
                // Kept to the millisecond, as the history's BSON dates are.
                now.truncatedTo(ChronoUnit.MILLIS),
                score.score(),
                score.band().wireName(),
                score.stage().wireName(),
                score.componentValues(),
                cause.wireName(),
                causing,
                movement.reasons());
        // Serialised once: the same JSON is stored (for a republication) and published.
        String json = new String(RapportJson.toBytes(event), StandardCharsets.UTF_8);
        return prepared(
                current,
                state,
                PublishedScore.of(score, revision, eventId, json, model),
                entry,
                now,
                new RecordPublisher.ScoreRecord(id, json));
    }

    /** The account's next document, with {@code entry} (null: none) added to its recent history. */
    private Evaluated prepared(
            StoredAccount current,
            AccountState state,
            PublishedScore published,
            ScoreHistoryRepository.Entry entry,
            Instant now,
            RecordPublisher.ScoreRecord event) {
        RecentHistory.Rollover rollover =
                RecentHistory.next(current.recentHistory(), entry, config.historyBucketSize());
        StoredAccount next = current.with(state, published, rollover.recent());
        return new Evaluated(AccountStateRepository.prepare(next, now), rollover.bucket(), event, entry);
    }

    private void recordPublished(List<ScoreHistoryRepository.Entry> entries, ScoreCause cause) {
        if (entries.isEmpty()) return;
        metrics.counter("scoring.scores.published", "cause", cause.wireName()).increment(entries.size());
        for (ScoreHistoryRepository.Entry entry : entries) {
            scoreDistribution.record(entry.score());
        }
    }
}
