package io.rapport.alert.domain.dispatch;

import io.rapport.alert.domain.notify.AlertNotice;
import io.rapport.alert.domain.routing.GroupKey;
import io.rapport.alert.domain.routing.RouteMatch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An aggregation group in the manner of Alertmanager: the alerts of one route that share the
 * route's {@code group_by} label values, with the group's timers. The first notification goes out
 * {@code group_wait} after the group is created; after that the group is evaluated every {@code
 * group_interval} and notifies an integration when its firing set grew, when alerts resolved
 * (those integrations with {@code send_resolved}), when all alerts resolved, or when {@code
 * repeat_interval} passed since the last notification of a still firing group.
 *
 * <p>Immutable: each operation returns the next state; {@code version} guards concurrent writers.
 *
 * @param id the group key's hash, the storage id
 * @param nextFlushAt when the group is next evaluated
 * @param lastFlushAt when it was last evaluated; null before the first flush
 * @param notified per integration key, what it was last notified of
 */
public record AggregationGroup(
        String id,
        String groupKey,
        String routeId,
        String receiver,
        Map<String, String> groupLabels,
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        List<String> muteTimeIntervals,
        List<String> activeTimeIntervals,
        List<GroupedAlert> alerts,
        Map<String, NotifiedState> notified,
        Instant createdAt,
        Instant nextFlushAt,
        Instant lastFlushAt,
        long version) {

    public AggregationGroup {
        groupLabels = Map.copyOf(groupLabels);
        muteTimeIntervals = List.copyOf(muteTimeIntervals);
        activeTimeIntervals = List.copyOf(activeTimeIntervals);
        alerts = List.copyOf(alerts);
        notified = Map.copyOf(notified);
    }

    /** A new, empty group for {@code key} under {@code match}, due {@code group_wait} after {@code now}. */
    public static AggregationGroup open(GroupKey key, RouteMatch match, Instant now) {
        var o = match.options();
        return new AggregationGroup(
                key.hash(),
                key.toString(),
                match.routeId(),
                match.receiver(),
                key.groupLabels(),
                o.groupWait(),
                o.groupInterval(),
                o.repeatInterval(),
                o.muteTimeIntervals(),
                o.activeTimeIntervals(),
                List.of(),
                Map.of(),
                now,
                now.plus(o.groupWait()),
                null,
                0);
    }

    /**
     * The group with {@code notice} applied, or empty when the notice changes nothing: the same
     * alert id, status and update time as held (a redelivery), or an older update (out of order).
     */
    public Optional<AggregationGroup> withAlert(AlertNotice notice) {
        List<GroupedAlert> next = new ArrayList<>(alerts.size() + 1);
        boolean found = false;
        for (GroupedAlert held : alerts) {
            if (!held.alert().alertId().equals(notice.alertId())) {
                next.add(held);
                continue;
            }
            found = true;
            int cmp = notice.updatedAt().compareTo(held.alert().updatedAt());
            if (cmp < 0 || (cmp == 0 && notice.status() == held.alert().status())) {
                return Optional.empty();
            }
            if (cmp == 0 && held.alert().status() == AlertNotice.Status.RESOLVED) {
                // Same instant, firing vs resolved: resolution wins, as it is the later state.
                return Optional.empty();
            }
            next.add(new GroupedAlert(notice, false));
        }
        if (!found) {
            next.add(new GroupedAlert(notice, false));
        }
        return Optional.of(withAlerts(next));
    }

    /** Whether the group is due for evaluation at {@code now}. */
    public boolean dueAt(Instant now) {
        return !nextFlushAt.isAfter(now);
    }

    /** Alerts not yet retired. */
    public List<GroupedAlert> activeAlerts() {
        return alerts.stream().filter(a -> !a.retired()).toList();
    }

    /** Label sets of the firing, unretired alerts (the source side of inhibition). */
    public List<Map<String, String>> firingLabels() {
        return alerts.stream()
                .filter(a -> !a.retired() && a.firing())
                .map(a -> a.alert().labels())
                .toList();
    }

    /**
     * Evaluates the group like Alertmanager's dispatcher and dedup stage. Silenced and inhibited
     * alerts are left out; a muted route sends nothing and keeps its state, so notifications wait
     * for the end of the mute rather than being lost.
     */
    public FlushResult flush(FlushContext ctx) {
        Instant now = ctx.now();
        Instant flushAt = nextFlushAt;
        if (!muteTimeIntervals.isEmpty() || !activeTimeIntervals.isEmpty()) {
            if (ctx.timeIntervals().isMuted(muteTimeIntervals, activeTimeIntervals, now)) {
                return new FlushResult(flushAt, now, true, List.of(), Map.of(), Set.of());
            }
        }
        List<AlertNotice> firing = new ArrayList<>();
        List<AlertNotice> resolved = new ArrayList<>();
        Set<String> retire = new TreeSet<>();
        for (GroupedAlert a : activeAlerts()) {
            if (!a.firing()) {
                retire.add(a.version());
            }
            Map<String, String> labels = a.alert().labels();
            if (ctx.silences().isSilenced(labels, now)) {
                continue;
            }
            if (a.firing() && ctx.inhibitor().isInhibited(labels, ctx.firing())) {
                continue;
            }
            (a.firing() ? firing : resolved).add(a.alert());
        }
        Comparator<AlertNotice> order =
                Comparator.comparing(AlertNotice::startsAt).thenComparing(AlertNotice::alertId);
        firing.sort(order);
        resolved.sort(order);
        Set<String> firingIds = ids(firing);
        Set<String> resolvedIds = ids(resolved);

        List<PlannedNotification> out = new ArrayList<>();
        Map<String, NotifiedState> log = new LinkedHashMap<>();
        for (Integration integration : ctx.integrations()) {
            NotifiedState entry = notified.get(integration.key());
            if (!needsUpdate(entry, firingIds, resolvedIds, integration.sendResolved(), now)) {
                continue;
            }
            log.put(integration.key(), new NotifiedState(firingIds, resolvedIds, now));
            List<AlertNotice> send = new ArrayList<>(firing);
            if (integration.sendResolved()) {
                send.addAll(resolved);
            }
            if (send.isEmpty()) {
                continue;
            }
            AlertNotice.Status status = firing.isEmpty() ? AlertNotice.Status.RESOLVED : AlertNotice.Status.FIRING;
            out.add(new PlannedNotification(
                    idempotencyKey(integration, flushAt, send),
                    groupKey,
                    id,
                    groupLabels,
                    integration,
                    status,
                    send,
                    flushAt));
        }
        return new FlushResult(flushAt, now, false, out, log, retire);
    }

    /**
     * The group after {@code result}: next evaluation one {@code group_interval} later (counted
     * from the planned flush, or from now if the scheduler lagged by more than an interval), the
     * notification log updated, flushed resolutions retired, retired alerts older than {@code
     * retention} dropped.
     */
    public AggregationGroup afterFlush(FlushResult result, Duration retention) {
        Instant next = result.flushAt().plus(groupInterval);
        if (!next.isAfter(result.now())) {
            next = result.now().plus(groupInterval);
        }
        Map<String, NotifiedState> log = new LinkedHashMap<>(notified);
        log.putAll(result.notified());
        List<GroupedAlert> kept = new ArrayList<>();
        for (GroupedAlert a : alerts) {
            boolean retired = a.retired() || result.retiredVersions().contains(a.version());
            if (retired && a.alert().updatedAt().plus(retention).isBefore(result.now())) {
                continue;
            }
            kept.add(retired == a.retired() ? a : new GroupedAlert(a.alert(), true));
        }
        return new AggregationGroup(
                id,
                groupKey,
                routeId,
                receiver,
                groupLabels,
                groupWait,
                groupInterval,
                repeatInterval,
                muteTimeIntervals,
                activeTimeIntervals,
                kept,
                log,
                createdAt,
                next,
                result.now(),
                version);
    }

    /** Whether the group holds nothing worth keeping: no alerts at all. */
    public boolean hasNoAlerts() {
        return alerts.isEmpty();
    }

    private boolean needsUpdate(
            NotifiedState entry, Set<String> firing, Set<String> resolved, boolean sendResolved, Instant now) {
        if (entry == null) {
            return !firing.isEmpty();
        }
        if (!entry.firing().containsAll(firing)) {
            return true;
        }
        if (firing.isEmpty()) {
            // All resolved: tell the receiver, unless it never heard of them.
            return !entry.firing().isEmpty();
        }
        if (sendResolved && !entry.resolved().containsAll(resolved)) {
            return true;
        }
        return !entry.at().plus(repeatInterval).isAfter(now);
    }

    private AggregationGroup withAlerts(List<GroupedAlert> next) {
        return new AggregationGroup(
                id,
                groupKey,
                routeId,
                receiver,
                groupLabels,
                groupWait,
                groupInterval,
                repeatInterval,
                muteTimeIntervals,
                activeTimeIntervals,
                next,
                notified,
                createdAt,
                nextFlushAt,
                lastFlushAt,
                version);
    }

    private String idempotencyKey(Integration integration, Instant flushAt, List<AlertNotice> send) {
        StringBuilder sb = new StringBuilder()
                .append(groupKey)
                .append('\n')
                .append(integration.receiver())
                .append('\n')
                .append(integration.key())
                .append('\n')
                .append(flushAt.toEpochMilli());
        send.stream()
                .map(a -> a.alertId() + ":" + a.status() + ":" + a.updatedAt().toEpochMilli())
                .sorted()
                .forEach(v -> sb.append('\n').append(v));
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> ids(List<AlertNotice> alerts) {
        Set<String> ids = new TreeSet<>();
        alerts.forEach(a -> ids.add(a.alertId()));
        return ids;
    }
}
