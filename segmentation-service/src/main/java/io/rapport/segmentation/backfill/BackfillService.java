package io.rapport.segmentation.backfill;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import io.quarkus.runtime.ShutdownEvent;
import io.rapport.common.event.MembershipChange;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.event.SegmentChangedEvent;
import io.rapport.common.store.LatestScoreRepository;
import io.rapport.segmentation.config.SegmentationConfig;
import io.rapport.segmentation.domain.AccountFacts;
import io.rapport.segmentation.domain.CompiledSegment;
import io.rapport.segmentation.domain.SegmentDefinition;
import io.rapport.segmentation.domain.SegmentExpressions;
import io.rapport.segmentation.domain.ValueThresholds;
import io.rapport.segmentation.messaging.SegmentChangePublisher;
import io.rapport.segmentation.store.AccountStateRepository;
import io.rapport.segmentation.store.Collections;
import io.rapport.segmentation.store.DefinitionRepository;
import io.rapport.segmentation.store.MembershipRepository;
import io.rapport.segmentation.store.MembershipRepository.Change;
import io.rapport.segmentation.store.ScoreDocuments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Evaluates one definition over every account in the background after it was created or changed:
 * pages through {@code latest_scores} by {@code _id}, writes memberships and history in bulk per page,
 * publishes the entries and exits, and keeps its progress (done/total, rate, ETA) in
 * {@code backfill_jobs} and the log. One job runs at a time; a newer request for the same segment
 * supersedes a running one.
 */
@ApplicationScoped
public class BackfillService {
    private static final Logger LOG = Logger.getLogger(BackfillService.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);
    static final String KIND_DEFINITION = "definition";
    static final String KIND_TIERS = "tiers";
    static final String KIND_REMOVAL = "removal";
    static final String TIERS_MOVED = "value percentiles moved";
    private static final Set<String> UNFINISHED = Set.of("queued", "running", "failed");

    private final MongoCollection<Document> jobs;
    private final LatestScoreRepository latestScores;
    private final AccountStateRepository accountState;
    private final MembershipRepository memberships;
    private final SegmentExpressions expressions;
    private final SegmentChangePublisher publisher;
    private final ValueTierService thresholds;
    private final DefinitionRepository definitions;
    private final SegmentationConfig config;
    private final Clock clock;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "segment-backfill");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Long> generations = new ConcurrentHashMap<>();
    private final AtomicLong generationCounter = new AtomicLong();

    BackfillService(
            Collections collections,
            LatestScoreRepository latestScores,
            AccountStateRepository accountState,
            MembershipRepository memberships,
            SegmentExpressions expressions,
            SegmentChangePublisher publisher,
            ValueTierService thresholds,
            DefinitionRepository definitions,
            SegmentationConfig config,
            Clock clock) {
        this.definitions = definitions;
        this.jobs = collections.get(Collections.BACKFILL_JOBS);
        this.latestScores = latestScores;
        this.accountState = accountState;
        this.memberships = memberships;
        this.expressions = expressions;
        this.publisher = publisher;
        this.thresholds = thresholds;
        this.config = config;
        this.clock = clock;
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    /** Queues a back-fill of this definition version; returns the queued job document. */
    public Document start(SegmentDefinition definition, String reason) {
        return queue(
                definition,
                reason,
                KIND_DEFINITION,
                latestScores.collection().estimatedDocumentCount(),
                generation -> run(definition, generation, false),
                "Back-fill of " + definition.id() + " v" + definition.version() + " failed");
    }

    /**
     * Queues the back-fill of a definition that reads the value tier (the four tier segments and any
     * analyst-defined one) after the cut-offs moved. Its changes' ids carry the cut-offs' epoch: with
     * the revision and version alone, an account returning to a segment it had left under earlier
     * cut-offs would get the id of its first entry, and the return would be neither recorded nor
     * published although the membership is written. The job records the epoch it applies; an
     * unfinished one is resumed at the next start ({@link #resume}).
     */
    public Document startTierRefresh(SegmentDefinition definition) {
        return queue(
                definition,
                TIERS_MOVED,
                KIND_TIERS,
                latestScores.collection().estimatedDocumentCount(),
                generation -> run(definition, generation, true),
                "Back-fill of " + definition.id() + " v" + definition.version() + " failed; it is retried at the"
                        + " next start");
    }

    /** Records a queued job (replacing the segment's previous one) and runs it on the job thread. */
    private Document queue(
            SegmentDefinition definition,
            String reason,
            String kind,
            long total,
            java.util.function.LongConsumer work,
            String failure) {
        long generation = generationCounter.incrementAndGet();
        generations.put(definition.id(), generation);
        Instant now = clock.instant();
        Document job = new Document("_id", definition.id())
                .append("segmentId", definition.id())
                .append("version", definition.version())
                .append("kind", kind)
                .append("reason", reason)
                .append("state", "queued")
                .append("done", 0L)
                .append("total", total)
                .append("entered", 0L)
                .append("left", 0L)
                .append("requestedAt", Date.from(now))
                .append("updatedAt", Date.from(now));
        if (KIND_TIERS.equals(kind)) {
            job.append("tiersEpoch", thresholds.tiers().epoch());
        }
        jobs.replaceOne(Filters.eq("_id", definition.id()), job, new ReplaceOptions().upsert(true));
        executor.submit(() -> {
            try {
                work.accept(generation);
            } catch (RuntimeException e) {
                LOG.error(failure, e);
                jobs.updateOne(
                        Filters.eq("_id", definition.id()),
                        Updates.combine(Updates.set("state", "failed"), Updates.set("error", String.valueOf(e))));
            }
        });
        return job;
    }

    /**
     * The unfinished (queued, running or failed) back-fill jobs of these definitions, by segment id:
     * what a restart interrupted. Read by {@code _id}. Removals are not included (they resume from the
     * definition's deletion mark).
     */
    public Map<String, Document> unfinished(List<SegmentDefinition> live) {
        Map<String, Document> unfinished = new java.util.LinkedHashMap<>();
        if (live.isEmpty()) {
            return unfinished;
        }
        jobs.find(jobsOf(live.stream().map(SegmentDefinition::id).toList())).forEach(job -> {
            if (UNFINISHED.contains(job.getString("state")) && !KIND_REMOVAL.equals(kind(job))) {
                unfinished.put(job.getString("_id"), job);
            }
        });
        return unfinished;
    }

    /**
     * Queues again each unfinished job whose definition is still at the job's version (a newer version
     * has a back-fill of its own). A back-fill starts over from the first account: memberships already
     * written leave nothing to do, and a change recorded but not yet applied gets its recorded id
     * again (ids are deterministic), so nothing is recorded twice and nothing is lost. A value-tier
     * back-fill applies the cut-offs in force, with their epoch (the stored ones after a restart).
     */
    public void resume(Map<String, Document> unfinished, List<SegmentDefinition> live) {
        for (SegmentDefinition d : live) {
            Document job = unfinished.get(d.id());
            if (job == null || job.getInteger("version", -1) != d.version()) {
                continue;
            }
            String kind = kind(job);
            LOG.infof(
                    "Resuming the %s back-fill of %s v%d (%s, was %s at %d/%d accounts)",
                    kind,
                    d.id(),
                    d.version(),
                    job.getString("reason"),
                    job.getString("state"),
                    job.get("done", Number.class) == null
                            ? 0
                            : job.get("done", Number.class).longValue(),
                    job.get("total", Number.class) == null
                            ? 0
                            : job.get("total", Number.class).longValue());
            Document queued = KIND_TIERS.equals(kind) ? startTierRefresh(d) : start(d, job.getString("reason"));
            // the job keeps when it was asked for; resumedAt says it was resumed
            jobs.updateOne(
                    Filters.eq("_id", d.id()),
                    Updates.combine(
                            Updates.set("resumedAt", queued.get("requestedAt")),
                            Updates.set("requestedAt", job.get("requestedAt"))));
        }
    }

    /** The filter of the jobs of some segments: {@code _id $in}, served by the primary index. */
    public static Bson jobsOf(List<String> segmentIds) {
        return Filters.in("_id", segmentIds);
    }

    /** A job's kind; jobs recorded before kinds were are told apart by their reason. */
    private static String kind(Document job) {
        String kind = job.getString("kind");
        if (kind != null) {
            return kind;
        }
        String reason = job.getString("reason");
        return TIERS_MOVED.equals(reason) ? KIND_TIERS : "deleted".equals(reason) ? KIND_REMOVAL : KIND_DEFINITION;
    }

    /** A point a back-fill passes (a test hook: throwing there simulates a crash at that point). */
    interface Checkpoint {
        void reached(String segmentId, String point);
    }

    private volatile Checkpoint checkpoint = (segmentId, point) -> {};

    /** Tests only: a hook called at each checkpoint ({@code start}, {@code recorded} after each page). */
    void checkpoint(Checkpoint hook) {
        this.checkpoint = hook == null ? (segmentId, point) -> {} : hook;
    }

    /** Tests only: waits until every job queued so far has run (the job thread is one, in order). */
    void awaitIdle(Duration timeout) throws Exception {
        executor.submit(() -> {}).get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The latest back-fill job of a segment. */
    public Optional<Document> progress(String segmentId) {
        return Optional.ofNullable(jobs.find(Filters.eq("_id", segmentId)).first());
    }

    /** Stops any running back-fill of a segment (e.g. it was deleted). */
    public void cancel(String segmentId) {
        generations.put(segmentId, -1L);
    }

    void run(SegmentDefinition definition, long generation, boolean tierIds) {
        if (!current(definition, generation)) {
            return;
        }
        CompiledSegment segment = new CompiledSegment(definition, expressions.compile(definition.expression()));
        ValueTierService.Tiers snapshot = thresholds.tiers();
        ValueThresholds tiers = snapshot.thresholds();
        Long epoch = tierIds ? snapshot.epoch() : null;
        MongoCollection<Document> scores = latestScores.collection();
        long total = scores.estimatedDocumentCount();
        long started = System.nanoTime();
        long lastLog = started;
        long done = 0;
        long entered = 0;
        long left = 0;
        checkpoint.reached(definition.id(), "start");
        markRunning(definition.id(), total);
        if (epoch != null) {
            jobs.updateOne(Filters.eq("_id", definition.id()), Updates.set("tiersEpoch", epoch));
        }
        LOG.infof("Back-fill of %s v%d started over %d accounts", definition.id(), definition.version(), total);
        // One cursor over every account, in storage order: a page query per batch would make the
        // store find its place again each time (the embedded store re-scans and re-sorts for that).
        try (MongoCursor<Document> cursor =
                scores.find().batchSize(config.backfillPageSize()).iterator()) {
            while (true) {
                if (!current(definition, generation)) {
                    // No state write: the job document is the superseding request's now (same _id), and
                    // marking it superseded would keep a restart from resuming that one.
                    LOG.infof(
                            "Back-fill of %s v%d superseded after %d accounts",
                            definition.id(), definition.version(), done);
                    return;
                }
                List<Document> page = next(cursor, config.backfillPageSize());
                if (page.isEmpty()) {
                    break;
                }
                List<String> ids = page.stream().map(d -> d.getString("_id")).toList();
                Map<String, List<AccountFacts.ScorePoint>> trails = accountState.points(ids);
                Set<String> members = memberships.membersAmong(definition.id(), ids);
                Instant now = clock.instant();
                List<com.mongodb.client.model.WriteModel<Document>> writes = new ArrayList<>();
                List<Change> changes = new ArrayList<>();
                for (Document d : page) {
                    ScoreChangedEvent score = ScoreDocuments.toEvent(d);
                    AccountFacts facts =
                            AccountFacts.of(score, tiers, trails.getOrDefault(score.accountId(), List.of()));
                    boolean matches = segment.matches(facts);
                    boolean member = members.contains(score.accountId());
                    if (matches) {
                        writes.add(MembershipRepository.upsert(definition, facts, now));
                        if (!member) {
                            changes.add(change(definition, facts, MembershipChange.ENTERED, now, epoch));
                        }
                    } else if (member) {
                        writes.add(MembershipRepository.remove(definition.id(), score.accountId()));
                        changes.add(change(definition, facts, MembershipChange.LEFT, now, epoch));
                    }
                }
                // Record, publish, then apply: a page a restart interrupts is evaluated again against
                // memberships it had not changed yet, finds the same changes (same ids: the history
                // skips them, consumers dedupe the re-sent events) and applies them. Applied first, its
                // changes would be lost: the re-run would find the accounts where they already are.
                memberships.record(changes);
                checkpoint.reached(definition.id(), "recorded");
                if (!changes.isEmpty()) {
                    publisher.publish(memberships
                            .historyByIds(changes.stream().map(Change::eventId).toList())
                            .stream()
                            .map(SegmentChangePublisher::toEvent)
                            .toList());
                }
                memberships.write(writes);
                for (Change c : changes) {
                    if (c.change() == MembershipChange.ENTERED) {
                        entered++;
                    } else {
                        left++;
                    }
                }
                done += page.size();
                double rate = recordProgress(definition.id(), started, done, total, entered, left);
                long remaining = Math.max(total - done, 0);
                if (System.nanoTime() - lastLog > LOG_EVERY.toNanos()) {
                    lastLog = System.nanoTime();
                    LOG.infof(
                            "Back-fill of %s v%d: %d/%d accounts, %.0f/s, ETA %ds",
                            definition.id(),
                            definition.version(),
                            done,
                            total,
                            rate,
                            Math.round(remaining / Math.max(rate, 1e-9)));
                }
            }
        }
        double seconds = markDone(definition.id(), started, done);
        memberships.snapshotSize(definition.id(), clock.instant());
        LOG.infof(
                "Back-fill of %s v%d done: %d accounts in %.1fs, %d entered, %d left",
                definition.id(), definition.version(), done, seconds, entered, left);
    }

    /**
     * Queues the removal of a segment being deleted: every member leaves (recorded in the history and
     * published like any exit, with {@code reason: segment deleted}), then the definition is removed.
     * Idempotent, so it is simply queued again at start-up if a restart interrupted it.
     */
    public Document remove(SegmentDefinition definition) {
        return queue(
                definition,
                "deleted",
                KIND_REMOVAL,
                memberships.size(definition.id()),
                generation -> runRemoval(definition, generation),
                "Removal of segment " + definition.id() + " failed; it is retried at the next start");
    }

    void runRemoval(SegmentDefinition definition, long generation) {
        if (!current(definition, generation)) {
            return;
        }
        long total = memberships.size(definition.id());
        long started = System.nanoTime();
        long done = 0;
        markRunning(definition.id(), total);
        LOG.infof("Removal of segment %s started: %d members leave", definition.id(), total);
        // Two passes: a live update that read the definitions just before the deletion may still have
        // written a membership behind the first cursor.
        for (int pass = 0; pass < 2; pass++) {
            try (MongoCursor<Document> cursor = memberships.stream(
                            definition.id(), List.of(), config.backfillPageSize())
                    .iterator()) {
                while (true) {
                    List<Document> page = next(cursor, config.backfillPageSize());
                    if (page.isEmpty()) {
                        break;
                    }
                    Instant now = clock.instant();
                    List<Change> exits = page.stream()
                            .map(m -> deletionExit(definition, m, now))
                            .toList();
                    List<Change> fresh = memberships.record(exits);
                    // A restart re-sends the exits recorded before it (same ids, so consumers dedupe).
                    publisher.publish(memberships
                            .historyByIds(exits.stream().map(Change::eventId).toList())
                            .stream()
                            .map(SegmentChangePublisher::toEvent)
                            .toList());
                    memberships.removeAll(
                            definition.id(),
                            page.stream().map(m -> m.getString("accountId")).toList());
                    done += fresh.size();
                    recordProgress(definition.id(), started, done, total, 0, done);
                }
            }
        }
        definitions.delete(definition.id());
        memberships.snapshotSize(definition.id(), clock.instant());
        double seconds = markDone(definition.id(), started, done);
        LOG.infof("Segment %s removed: %d members left in %.1fs", definition.id(), done, seconds);
    }

    private void markRunning(String segmentId, long total) {
        jobs.updateOne(
                Filters.eq("_id", segmentId),
                Updates.combine(
                        Updates.set("state", "running"),
                        Updates.set("total", total),
                        Updates.set("startedAt", Date.from(clock.instant()))));
    }

    /** Records a job's progress; returns its rate so far (per second). */
    private double recordProgress(String segmentId, long started, long done, long total, long entered, long left) {
        double rate = done / Math.max((System.nanoTime() - started) / 1e9, 1e-9);
        jobs.updateOne(
                Filters.eq("_id", segmentId),
                Updates.combine(
                        Updates.set("done", done),
                        Updates.set("total", Math.max(total, done)),
                        Updates.set("entered", entered),
                        Updates.set("left", left),
                        Updates.set("ratePerSecond", Math.round(rate)),
                        Updates.set("etaSeconds", Math.round(Math.max(total - done, 0) / Math.max(rate, 1e-9))),
                        Updates.set("updatedAt", Date.from(clock.instant()))));
        return rate;
    }

    /** Marks a job done; returns its duration in seconds. */
    private double markDone(String segmentId, long started, long done) {
        double seconds = (System.nanoTime() - started) / 1e9;
        jobs.updateOne(
                Filters.eq("_id", segmentId),
                Updates.combine(
                        Updates.set("state", "done"),
                        Updates.set("done", done),
                        Updates.set("total", done),
                        Updates.set("etaSeconds", 0L),
                        Updates.set("ratePerSecond", Math.round(done / Math.max(seconds, 1e-9))),
                        Updates.set("finishedAt", Date.from(clock.instant()))));
        return seconds;
    }

    private static Change deletionExit(SegmentDefinition d, Document membership, Instant now) {
        String accountId = membership.getString("accountId");
        Number revision = membership.get("revision", Number.class);
        long r = revision == null ? 0 : revision.longValue();
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("reason", SegmentChangedEvent.REASON_SEGMENT_DELETED);
        values.put("revision", r);
        for (String key : List.of("score", "band", "lifecycle", "predictedValue", "valueTier", "tier")) {
            if (membership.get(key) != null) {
                values.put(key, membership.get(key));
            }
        }
        return new Change(
                MembershipRepository.eventId(d.id(), d.version(), accountId, r, MembershipChange.LEFT),
                d,
                accountId,
                MembershipChange.LEFT,
                now,
                r,
                null,
                values);
    }

    private static List<Document> next(MongoCursor<Document> cursor, int n) {
        List<Document> page = new ArrayList<>(n);
        while (page.size() < n && cursor.hasNext()) {
            page.add(cursor.next());
        }
        return page;
    }

    private boolean current(SegmentDefinition definition, long generation) {
        return generations.getOrDefault(definition.id(), -1L) == generation;
    }

    /** A change found by a back-fill; {@code tiersEpoch} is set for a value-tier back-fill. */
    private static Change change(
            SegmentDefinition d, AccountFacts facts, MembershipChange c, Instant now, Long tiersEpoch) {
        return new Change(
                tiersEpoch == null
                        ? MembershipRepository.eventId(d.id(), d.version(), facts.accountId(), facts.revision(), c)
                        : MembershipRepository.eventId(
                                d.id(), d.version(), facts.accountId(), facts.revision(), tiersEpoch, c),
                d,
                facts.accountId(),
                c,
                now,
                facts.revision(),
                null,
                facts.summary());
    }
}
