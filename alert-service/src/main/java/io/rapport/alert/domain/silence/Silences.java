package io.rapport.alert.domain.silence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A set of silences, answering whether (and by which silences) an alert is muted at an instant. */
public final class Silences {

    private final List<Silence> silences;

    public Silences(Collection<Silence> silences) {
        this.silences = List.copyOf(silences);
    }

    public List<Silence> all() {
        return silences;
    }

    /** Whether any active silence mutes the label set at {@code now}. */
    public boolean isSilenced(Map<String, String> labels, Instant now) {
        return silences.stream().anyMatch(s -> s.mutes(labels, now));
    }

    /** The ids of the active silences muting the label set at {@code now}, in insertion order. */
    public List<String> silencedBy(Map<String, String> labels, Instant now) {
        return silences.stream()
                .filter(s -> s.mutes(labels, now))
                .map(Silence::id)
                .toList();
    }
}
