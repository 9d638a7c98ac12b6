package io.rapport.alert.notify;

import io.quarkus.scheduler.Scheduled;
import io.rapport.alert.domain.dispatch.AggregationGroup;
import io.rapport.alert.domain.dispatch.FlushContext;
import io.rapport.alert.domain.dispatch.FlushResult;
import io.rapport.alert.domain.dispatch.PlannedNotification;
import io.rapport.alert.domain.inhibit.Inhibitor;
import io.rapport.alert.domain.silence.Silences;
import io.rapport.alert.outbox.NotificationOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Evaluates due aggregation groups on a schedule: silences, inhibition against all currently firing
 * alerts, time intervals, then the dedup decision per integration. Notifications go to the outbox
 * first and the group is updated after, so a crash in between re-plans the same flush, whose
 * idempotency keys are already in the outbox: nothing is lost and nothing doubled.
 */
@ApplicationScoped
public class GroupFlusher {
    private static final Logger LOG = Logger.getLogger(GroupFlusher.class);
    private static final int BATCH = 500;
    private static final int MAX_CONFLICTS = 20;

    private final AggregationGroupRepository groups;
    private final SilenceRepository silences;
    private final NotificationOutbox outbox;
    private final RoutingConfiguration routing;
    private final Notifiers notifiers;
    private final NotifyConfig config;
    private final Clock clock;
    private final Inhibitor inhibitor;

    GroupFlusher(
            AggregationGroupRepository groups,
            SilenceRepository silences,
            NotificationOutbox outbox,
            RoutingConfiguration routing,
            Notifiers notifiers,
            NotifyConfig config,
            Clock clock) {
        this.groups = groups;
        this.silences = silences;
        this.outbox = outbox;
        this.routing = routing;
        this.notifiers = notifiers;
        this.config = config;
        this.clock = clock;
        this.inhibitor = routing.config().inhibitor();
    }

    @Scheduled(
            every = "${rapport.alert.notify.flush-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        if (!config.enabled()) {
            return;
        }
        try {
            flushDue();
        } catch (RuntimeException e) {
            LOG.warnf("group flush failed: %s", e.toString());
        }
    }

    /** Flushes every group due now; returns how many notifications were enqueued. */
    public int flushDue() {
        Instant now = clock.instant();
        List<AggregationGroupRepository.DueGroup> due = groups.due(now, BATCH);
        if (due.isEmpty()) {
            return 0;
        }
        Silences active = silences.notExpired(now);
        List<Map<String, String>> firing = firingLabels();
        int enqueued = 0;
        for (AggregationGroupRepository.DueGroup group : due) {
            enqueued += flush(group.group(), group, now, active, firing);
        }
        return enqueued;
    }

    /**
     * Adds the groups the store has due to the in-memory schedule: those another replica wrote, or one
     * that stopped left behind (this process's own writes are scheduled as they are stored).
     */
    @Scheduled(
            every = "${rapport.alert.notify.due-resync:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void resync() {
        if (!config.enabled()) {
            return;
        }
        try {
            groups.resyncSchedule(clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf("due-group resync failed: %s", e.toString());
        }
    }

    /**
     * Flushes one group as of now, whatever its stored state (used by crash tests to flush a stale
     * copy again); returns how many notifications were newly enqueued.
     */
    public int flushGroup(AggregationGroup group) {
        Instant now = clock.instant();
        return flush(group, null, now, silences.notExpired(now), firingLabels());
    }

    /**
     * The labels of every firing alert, which only inhibition needs: reading them scans all groups, so
     * without inhibit rules the scan is skipped (it would grow with the number of open groups, per flush).
     */
    private List<Map<String, String>> firingLabels() {
        return inhibitor.hasRules() ? groups.firingLabels() : List.of();
    }

    private int flush(
            AggregationGroup group,
            AggregationGroupRepository.DueGroup scheduled,
            Instant now,
            Silences active,
            List<Map<String, String>> firing) {
        FlushContext ctx = new FlushContext(
                now,
                active,
                inhibitor,
                firing,
                routing.config().timeIntervals(),
                notifiers.integrations(group.receiver()),
                config.retention());
        FlushResult result = group.flush(ctx);
        int enqueued = 0;
        for (PlannedNotification n : result.notifications()) {
            if (outbox.enqueue(n, now)) {
                enqueued++;
            }
        }
        AggregationGroup current = group;
        for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
            AggregationGroup next = current.afterFlush(result, config.retention());
            boolean done = next.hasNoAlerts() ? groups.delete(current, scheduled) : groups.save(next, scheduled);
            if (done) {
                return enqueued;
            }
            // A notice changed the group meanwhile: apply the same flush outcome to its new state.
            current = groups.find(group.id()).orElse(null);
            if (current == null) {
                return enqueued;
            }
        }
        LOG.warnf("group %s kept changing during its flush; it will be evaluated again", group.groupKey());
        return enqueued;
    }
}
