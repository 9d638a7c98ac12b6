package io.rapport.segmentation.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rapport.common.event.MembershipChange;
import io.rapport.common.event.ScoreChangedEvent;
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
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Keeps one account's memberships current from its latest score: evaluates every definition, writes
 * memberships, records entries and exits in the history, publishes them, then marks the revision as
 * evaluated. A replayed or older revision changes nothing; a crash half-way is repaired by the
 * redelivery (history ids are deterministic and unpublished changes are re-sent).
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

    /** Applies one score; returns the changes it recorded (none for a replay). */
    public List<Change> apply(ScoreChangedEvent score) {
        latestScores.saveIfNewer(score);
        Document state = accountState.recordScore(score, config.scoreTrailPoints());
        Number seen = state.get("seenRevision", Number.class);
        if (score.revision() <= AccountStateRepository.evaluatedRevision(state)
                || (seen != null && score.revision() < seen.longValue())) {
            stale.increment();
            return List.of();
        }
        AccountFacts facts = AccountFacts.of(score, registry.thresholds(), AccountStateRepository.points(state));
        List<CompiledSegment> segments = registry.segments();
        Map<String, Document> current = memberships.ofAccount(
                score.accountId(),
                segments.stream().map(s -> s.definition().id()).toList());
        MembershipChangeSet set = MembershipEvaluator.evaluate(facts, segments, current.keySet());
        Instant now = clock.instant();
        List<com.mongodb.client.model.WriteModel<Document>> writes = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (SegmentDefinition d : set.entered()) {
            writes.add(MembershipRepository.upsert(d, facts, now));
            changes.add(change(d, facts, MembershipChange.ENTERED, score, now));
        }
        for (SegmentDefinition d : set.stayed()) {
            writes.add(MembershipRepository.upsert(d, facts, now));
        }
        for (SegmentDefinition d : set.left()) {
            writes.add(MembershipRepository.remove(d.id(), facts.accountId()));
            changes.add(change(d, facts, MembershipChange.LEFT, score, now));
        }
        memberships.write(writes);
        List<Change> fresh = memberships.record(changes);
        // Publish everything recorded for this revision: the new changes and any a crash left unsent
        // (their ids are deterministic, so they are looked up by id rather than by a scan of the history).
        publisher.publish(memberships.historyByIds(possibleChangeIds(segments, facts)).stream()
                .map(SegmentChangePublisher::toEvent)
                .toList());
        accountState.markEvaluated(score.accountId(), score.revision());
        applied.increment();
        fresh.forEach(c -> (c.change() == MembershipChange.ENTERED ? entries : exits).increment());
        return fresh;
    }

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
