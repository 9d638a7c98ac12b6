package io.rapport.scoring.testing;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The service's clock in tests: the system clock until a test freezes or moves it. */
@Singleton
public class MutableClock extends Clock {
    private volatile Instant frozen;

    /** Stops time at {@code at}. */
    public void freezeAt(Instant at) {
        frozen = at;
    }

    /** Moves a frozen clock forward. */
    public void advance(Duration d) {
        frozen = instant().plus(d);
    }

    /** Back to the system clock. */
    public void reset() {
        frozen = null;
    }

    @Override
    public Instant instant() {
        Instant f = frozen;
        return f != null ? f : Instant.now();
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
