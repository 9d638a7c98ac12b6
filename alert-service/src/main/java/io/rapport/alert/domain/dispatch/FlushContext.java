package io.rapport.alert.domain.dispatch;

import io.rapport.alert.domain.inhibit.Inhibitor;
import io.rapport.alert.domain.silence.Silences;
import io.rapport.alert.domain.timeinterval.TimeIntervals;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The per-flush data a group needs, passed explicitly: the instant, active silences, the inhibitor
 * with the label sets of all currently firing alerts, the named time intervals, the integrations
 * of the group's receiver and how long retired alerts are kept.
 */
public record FlushContext(
        Instant now,
        Silences silences,
        Inhibitor inhibitor,
        Collection<Map<String, String>> firing,
        TimeIntervals timeIntervals,
        List<Integration> integrations,
        Duration retention) {}
