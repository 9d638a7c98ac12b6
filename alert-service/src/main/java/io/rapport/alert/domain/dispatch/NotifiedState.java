package io.rapport.alert.domain.dispatch;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one receiver integration was last notified of for a group, the counterpart of an entry in
 * Alertmanager's notification log: the firing and resolved alert ids and when.
 */
public record NotifiedState(Set<String> firing, Set<String> resolved, Instant at) {

    public NotifiedState {
        firing = java.util.Collections.unmodifiableSet(new TreeSet<>(firing));
        resolved = java.util.Collections.unmodifiableSet(new TreeSet<>(resolved));
    }
}
