package io.rapport.alert.notify;

import io.rapport.alert.domain.dispatch.AggregationGroup;
import io.rapport.alert.domain.notify.AlertNotice;
import io.rapport.alert.domain.routing.GroupKey;
import io.rapport.alert.domain.routing.RouteMatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Entry of the notification side: routes each {@link AlertNotice} and records it in the
 * aggregation group of every matching route before returning, so that once the rules side has
 * fired the event the alert survives a crash. A redelivered or older notice changes nothing.
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final int MAX_CONFLICTS = 20;

    private final RoutingConfiguration routing;
    private final AggregationGroupRepository groups;
    private final Clock clock;
    private final ImmediateDelivery immediate;

    Dispatcher(
            RoutingConfiguration routing, AggregationGroupRepository groups, Clock clock, ImmediateDelivery immediate) {
        this.routing = routing;
        this.groups = groups;
        this.clock = clock;
        this.immediate = immediate;
    }

    /** Observes the rules side's synchronous notice; returns once every group write is stored. */
    void onNotice(@Observes AlertNotice notice) {
        accept(notice);
    }

    /**
     * Applies the notice to its groups.
     *
     * @return how many groups changed (0 for a repeat)
     */
    public int accept(AlertNotice notice) {
        Instant now = clock.instant();
        int changed = 0;
        boolean due = false;
        for (RouteMatch match : routing.tree().match(notice.labels())) {
            GroupKey key = match.groupKey(notice.labels());
            Optional<AggregationGroup> saved = apply(key, match, notice, now);
            if (saved.isPresent()) {
                changed++;
                due |= saved.get().dueAt(now);
            }
        }
        if (due) {
            // group_wait 0 (or a group already due): notify now rather than at the next scheduled tick.
            immediate.wake();
        }
        return changed;
    }

    /** Records the notice in its group; the group as stored, or empty when nothing changed. */
    private Optional<AggregationGroup> apply(GroupKey key, RouteMatch match, AlertNotice notice, Instant now) {
        for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
            Optional<AggregationGroup> stored = groups.find(key.hash());
            if (stored.isEmpty() && notice.status() == AlertNotice.Status.RESOLVED) {
                // Resolved before any group knew it: nobody was told it fired, so nothing to say.
                return Optional.empty();
            }
            AggregationGroup group = stored.orElseGet(() -> AggregationGroup.open(key, match, now));
            Optional<AggregationGroup> next = group.withAlert(notice);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            if (groups.save(next.get())) {
                return next;
            }
            LOG.debugf("group %s changed concurrently, retrying", key);
        }
        throw new IllegalStateException("group " + key + " kept changing concurrently");
    }
}
