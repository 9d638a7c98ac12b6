package io.rapport.segmentation.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rapport.common.event.MembershipChange;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.event.SegmentChangedEvent;
import io.rapport.common.store.LatestScoreRepository;
import io.rapport.segmentation.config.SegmentationConfig;
import io.rapport.segmentation.domain.AccountFacts;
import io.rapport.segmentation.domain.CompiledSegment;
import io.rapport.segmentation.domain.MembershipChangeSet;
import io.rapport.segmentation.domain.MembershipEvaluator;
import io.rapport.segmentation.domain.SegmentDefinition;
import io.rapport.segmentation.store.AccountStateRepository;
import io.rapport.segmentation.store.MembershipRepository;
import io.rapport.segmentation.store.MembershipRepository.Change;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * Keeps one account's memberships current from its latest score: evaluates every definition, records
 * the entries and exits in the history, publishes them, writes the memberships, then marks the revision
 * as evaluated (the order of the back-fills, ADR 0008). A replayed or older revision changes nothing; a
 * crash or failure half-way is repaired by the redelivery or by the account's next score: the revision
 * is marked pending before anything is recorded, and a pending revision's recorded changes count as
 * applied when the account is evaluated again (deterministic ids, so nothing is recorded twice, and
 * every recorded change is published again).
 */
@ApplicationScoped
public class MembershipUpdater {
    private final LatestScoreRepository latestScores;
    private final AccountStateRepository accountState;
    private final MembershipRepository memberships;
    private final SegmentRegistry registry;
    private final SegmentChangePublisher publisher;
    private final SegmentationConfig config;
    private final Clock clock;
    private final Counter applied;
    private final Counter stale;
    private final Counter entries;
    private final Counter exits;

    MembershipUpdater(
            LatestScoreRepository latestScores,
            AccountStateRepository accountState,
            MembershipRepository memberships,
            SegmentRegistry registry,
            SegmentChangePublisher publisher,
            SegmentationConfig config,
            Clock clock,
            MeterRegistry meters) {
        this.latestScores = latestScores;
        this.accountState = accountState;
        this.memberships = memberships;
        this.registry = registry;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
        this.applied = meters.counter("segmentation.scores", "outcome", "applied");
        this.stale = meters.counter("segmentation.scores", "outcome", "stale");
        this.entries = meters.counter("segmentation.changes", "change", "entered");
        this.exits = meters.counter("segmentation.changes", "change", "left");
    }

    /** A point an update passes (a test hook: throwing there simulates a crash at that point). */
    interface Checkpoint {
        void reached(String accountId, String point);
    }

    private volatile Checkpoint checkpoint = (accountId, point) -> {};

    /**
     * Tests only: a hook called at each checkpoint ({@code pending}, {@code recorded}, {@code published},
     * {@code written}: after that step of an update with changes or pending ones).
     */
    void checkpoint(Checkpoint hook) {
        this.checkpoint = hook == null ? (accountId, point) -> {} : hook;
    }

    /** Applies one score; returns the changes it recorded (none for a replay). */
    public List<Change> apply(ScoreChangedEvent score) {
        latestScores.saveIfNewer(score);
        Document state = accountState.recordScore(score, config.scoreTrailPoints());
        Number seen = state.get("seenRevision", Number.class);
        // The only guard: memberships are written unconditionally after it, so whatever passes it and
        // is recorded is also applied (or left pending, see below), never refused.
        if (score.revision() <= AccountStateRepository.evaluatedRevision(state)
                || (seen != null && score.revision() < seen.longValue())) {
            stale.increment();
            return List.of();
        }
        String accountId = score.accountId();
        AccountFacts facts = AccountFacts.of(score, registry.thresholds(), AccountStateRepository.points(state));
        List<CompiledSegment> segments = registry.segments();
        Map<String, Document> stored = memberships.ofAccount(
                accountId, segments.stream().map(s -> s.definition().id()).toList());
        // Changes a crash or failure left recorded (and perhaps published) but not applied count as
        // applied: a redelivery then finds none of them again, and a later revision's changes follow
        // on from them, so the history never holds an entry or exit the memberships did not take.
        // This revision's are looked up by their possible ids (primary index); earlier pending
        // revisions' (only after a failure that was not redelivered) by account and revision.
        List<Long> earlier = AccountStateRepository.pendingRevisions(state).stream()
                .filter(r -> r < score.revision())
                .toList();
        List<Document> unapplied = new ArrayList<>(memberships.historyOfRevisions(accountId, earlier));
        unapplied.addAll(memberships.historyByIds(possibleChangeIds(segments, facts)));
        unapplied.sort(RECORDED_ORDER);
        Set<String> current = new HashSet<>(stored.keySet());
        for (Document h : unapplied) {
            if ("entered".equals(h.getString("change"))) {
                current.add(h.getString("segmentId"));
            } else {
                current.remove(h.getString("segmentId"));
            }
        }
        MembershipChangeSet set = MembershipEvaluator.evaluate(facts, segments, current);
        Instant now = clock.instant();
        List<Change> changes = new ArrayList<>();
        set.entered().forEach(d -> changes.add(change(d, facts, MembershipChange.ENTERED, score, now)));
        set.left().forEach(d -> changes.add(change(d, facts, MembershipChange.LEFT, score, now)));
        // Written against the stored memberships, not the effective ones: every segment the account
        // matches is upserted, every other one it is stored in is removed (a pending exit included).
        List<com.mongodb.client.model.WriteModel<Document>> writes = new ArrayList<>();
        Set<String> matched = new HashSet<>();
        for (SegmentDefinition d : set.entered()) {
            writes.add(MembershipRepository.upsert(d, facts, now));
            matched.add(d.id());
        }
        for (SegmentDefinition d : set.stayed()) {
            writes.add(MembershipRepository.upsert(d, facts, now));
            matched.add(d.id());
        }
        for (String segmentId : stored.keySet()) {
            if (!matched.contains(segmentId)) {
                writes.add(MembershipRepository.remove(segmentId, accountId));
            }
        }
        boolean pending = !unapplied.isEmpty();
        List<Change> fresh = List.of();
        if (!changes.isEmpty()) {
            // Record, publish, then apply (ADR 0008). Applied first, a crash before the history was
            // recorded would lose the changes: the redelivery would find the memberships where they
            // already are. Marked pending first, so a failure that is not redelivered (the record goes
            // to the dead-letter topic) is settled by the account's next score.
            accountState.markPending(accountId, score.revision());
            checkpoint.reached(accountId, "pending");
            fresh = memberships.record(changes);
            checkpoint.reached(accountId, "recorded");
        }
        if (!changes.isEmpty() || pending) {
            // The changes just recorded and those a crash or failure left recorded: the latter are
            // sent again (same id, consumers dedupe) as recorded, with their recorded time.
            List<SegmentChangedEvent> events = new ArrayList<>();
            unapplied.forEach(h -> events.add(SegmentChangePublisher.toEvent(h)));
            fresh.forEach(c -> events.add(SegmentChangePublisher.toEvent(c)));
            publisher.publish(events);
            checkpoint.reached(accountId, "published");
        }
        memberships.write(writes);
        if (!changes.isEmpty() || pending) {
            checkpoint.reached(accountId, "written");
        }
        accountState.markEvaluated(accountId, score.revision());
        applied.increment();
        fresh.forEach(c -> (c.change() == MembershipChange.ENTERED ? entries : exits).increment());
        return fresh;
    }

    /** History entries in the order they were recorded: by revision, time, then id. */
    private static final Comparator<Document> RECORDED_ORDER = Comparator.<Document>comparingLong(
                    h -> h.get("revision", Number.class).longValue())
            .thenComparing(h -> h.getDate("at"))
            .thenComparing(h -> h.getString("_id"));

    /** Every change id this revision of the account could have recorded under the current definitions. */
    static List<String> possibleChangeIds(List<CompiledSegment> segments, AccountFacts facts) {
        List<String> ids = new ArrayList<>(segments.size() * 2);
        for (CompiledSegment s : segments) {
            for (MembershipChange c : MembershipChange.values()) {
                ids.add(MembershipRepository.eventId(
                        s.definition().id(), s.definition().version(), facts.accountId(), facts.revision(), c));
            }
        }
        return ids;
    }

    static Change change(
            SegmentDefinition d, AccountFacts facts, MembershipChange change, ScoreChangedEvent score, Instant now) {
        return new Change(
                MembershipRepository.eventId(d.id(), d.version(), facts.accountId(), facts.revision(), change),
                d,
                facts.accountId(),
                change,
                now,
                facts.revision(),
                score.eventId(),
                facts.summary());
    }
}
