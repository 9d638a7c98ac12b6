package io.rapport.alert.testing;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application clock in tests. Running (the default): real time plus an offset that tests move
 * forward, for the sender and flusher loops. Frozen: a fixed instant that only {@link #advance} moves,
 * for assertions on exact timestamps.
 */
@Alternative
@Priority(1)
@Singleton
public class MovableClock extends Clock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Instant> frozenAt = new AtomicReference<>();

    /** Moves time forward for every bean using the clock. */
    public void advance(Duration duration) {
        if (frozenAt.get() != null) {
            frozenAt.accumulateAndGet(null, (at, ignored) -> at.plus(duration));
        } else {
            offset.accumulateAndGet(duration, Duration::plus);
        }
    }

    /** Stops the clock at the current instant (whole milliseconds, as the store keeps them). */
    public void freeze() {
        frozenAt.set(Instant.ofEpochMilli(instant().toEpochMilli()));
    }

    /** Lets the clock run again from where it is. */
    public void run() {
        Instant at = frozenAt.getAndSet(null);
        if (at != null) {
            offset.set(Duration.between(Instant.now(), at));
        }
    }

    @Override
    public Instant instant() {
        Instant at = frozenAt.get();
        return at != null ? at : Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
