package io.rapport.alert.domain.silence;

import io.rapport.alert.domain.routing.Matcher;
import io.rapport.alert.domain.routing.Matchers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A silence in the manner of Alertmanager: it mutes alerts whose labels satisfy all its matchers
 * while it is active, from {@code startsAt} to {@code endsAt}, both included.
 */
public record Silence(
        String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {

    /** Validates like Alertmanager's {@code validateSilence}. */
    public Silence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(matchers, "matchers");
        Objects.requireNonNull(startsAt, "invalid zero start timestamp");
        Objects.requireNonNull(endsAt, "invalid zero end timestamp");
        matchers = List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("at least one matcher required");
        }
        if (matchers.stream().allMatch(Matcher::matchesEmpty)) {
            // A silence whose matchers all accept the empty string would mute every alert.
            throw new IllegalArgumentException("at least one matcher must not match the empty string");
        }
        if (endsAt.isBefore(startsAt)) {
            throw new IllegalArgumentException("end time must not be before start time");
        }
    }

    /** The state at {@code now}: pending before start, expired after end, active otherwise. */
    public SilenceState state(Instant now) {
        if (now.isBefore(startsAt)) {
            return SilenceState.PENDING;
        }
        if (now.isAfter(endsAt)) {
            return SilenceState.EXPIRED;
        }
        return SilenceState.ACTIVE;
    }

    /** Whether this silence mutes the label set at {@code now}. */
    public boolean mutes(Map<String, String> labels, Instant now) {
        return state(now) == SilenceState.ACTIVE && Matchers.matchesAll(matchers, labels);
    }
}
