package io.rapport.alert.domain.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * Bounded exponential back-off with jitter: attempt {@code n} (1-based) waits {@code initial *
 * 2^(n-1)}, capped at {@code max}, scaled by a random factor in [0.5, 1) ("equal jitter"), or the
 * receiver's {@code Retry-After} when it gave one (never less). Past {@code giveUpAfter} from the
 * first enqueue, a notification is given up.
 */
public record RetryPolicy(Duration initial, Duration max, Duration giveUpAfter) {

    /** When to try again after {@code attempts} failed attempts, or null to give up. */
    public Instant nextAttempt(
            Instant createdAt, int attempts, Instant now, Duration retryAfter, DoubleSupplier random) {
        long base = initial.toMillis();
        int shift = Math.min(Math.max(attempts - 1, 0), 30);
        long exp = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        long capped = Math.min(exp, max.toMillis());
        long jittered = (long) (capped * (0.5 + 0.5 * random.getAsDouble()));
        Duration wait = Duration.ofMillis(Math.max(jittered, 1));
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        Instant next = now.plus(wait);
        Instant deadline = createdAt.plus(giveUpAfter);
        if (!now.isBefore(deadline)) {
            return null;
        }
        // The last attempt happens at the deadline rather than never.
        return next.isAfter(deadline) ? deadline : next;
    }
}
