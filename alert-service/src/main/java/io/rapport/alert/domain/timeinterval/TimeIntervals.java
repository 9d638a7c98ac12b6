package io.rapport.alert.domain.timeinterval;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named time intervals of a configuration ({@code time_intervals} and legacy
 * {@code mute_time_intervals}), and the mute decision of Alertmanager's time stages.
 */
public final class TimeIntervals {

    private final Map<String, List<TimeInterval>> byName;

    public TimeIntervals(Map<String, List<TimeInterval>> byName) {
        Map<String, List<TimeInterval>> copy = new LinkedHashMap<>();
        byName.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.byName = java.util.Collections.unmodifiableMap(copy);
    }

    /** No named intervals. */
    public static TimeIntervals none() {
        return new TimeIntervals(Map.of());
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public Map<String, List<TimeInterval>> asMap() {
        return byName;
    }

    /** Whether any interval of the named set contains the instant; unknown names throw. */
    public boolean contains(String name, Instant instant) {
        List<TimeInterval> intervals = byName.get(name);
        if (intervals == null) {
            throw new IllegalArgumentException("undefined time interval \"" + name + "\"");
        }
        return intervals.stream().anyMatch(i -> i.contains(instant));
    }

    /**
     * Whether notifications of a route are muted at {@code now}: inside any of its mute intervals,
     * or outside all of its active intervals when it has some.
     */
    public boolean isMuted(Collection<String> muteIntervals, Collection<String> activeIntervals, Instant now) {
        for (String name : muteIntervals) {
            if (contains(name, now)) {
                return true;
            }
        }
        if (activeIntervals.isEmpty()) {
            return false;
        }
        for (String name : activeIntervals) {
            if (contains(name, now)) {
                return false;
            }
        }
        return true;
    }
}
