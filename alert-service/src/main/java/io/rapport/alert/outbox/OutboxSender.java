package io.rapport.alert.outbox;

import io.quarkus.scheduler.Scheduled;
import io.rapport.alert.domain.dispatch.DeliveryResult;
import io.rapport.alert.domain.dispatch.FailureReason;
import io.rapport.alert.domain.dispatch.RetryPolicy;
import io.rapport.alert.domain.routing.ReceiverConfig;
import io.rapport.alert.notify.Notifier;
import io.rapport.alert.notify.Notifiers;
import io.rapport.alert.notify.NotifyConfig;
import io.rapport.alert.notify.RoutingConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox: claims due items with a lease, sends each through its channel's notifier,
 * then records the outcome: sent, retry later (exponential back-off with jitter, {@code
 * Retry-After} honoured) or failed (permanent error, or still undelivered after {@code
 * give-up-after}). A final outcome is written to the notification log first and the item deleted from
 * the outbox after, so a crash in between leaves an item that the next claim finds finished and drops.
 * A sender that dies between sending and logging leaves the item leased; when the lease expires it is
 * sent again — the at-least-once window, which the {@code Idempotency-Key} header (webhook) and
 * Message-ID (e-mail) let a receiver close.
 */
@ApplicationScoped
public class OutboxSender {
    private static final Logger LOG = Logger.getLogger(OutboxSender.class);

    private final NotificationOutbox outbox;
    private final NotificationLog log;
    private final Notifiers notifiers;
    private final RoutingConfiguration routing;
    private final NotificationMetrics metrics;
    private final NotifyConfig config;
    private final Clock clock;
    private final RetryPolicy retry;
    private final java.util.concurrent.atomic.AtomicBoolean running =
            new java.util.concurrent.atomic.AtomicBoolean(true);

    OutboxSender(
            NotificationOutbox outbox,
            NotificationLog log,
            Notifiers notifiers,
            RoutingConfiguration routing,
            NotificationMetrics metrics,
            NotifyConfig config,
            Clock clock) {
        this.outbox = outbox;
        this.log = log;
        this.notifiers = notifiers;
        this.routing = routing;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        this.retry = new RetryPolicy(config.retryInitial(), config.retryMax(), config.giveUpAfter());
    }

    @Scheduled(
            every = "${rapport.alert.notify.send-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            LOG.warnf("outbox sender run failed: %s", e.toString());
        }
    }

    /**
     * Drains due items unless sending is disabled or this instance is stopped; keeps draining while
     * full batches come back, so a burst is not spread over several scheduled runs.
     */
    public void deliverDue() {
        while (config.enabled() && running.get() && drain() == config.batchSize()) {
            // another full batch may be waiting
        }
    }

    /** Stops this instance's scheduled sending (what a shutdown or crash looks like to the outbox). */
    public void stop() {
        running.set(false);
    }

    /** Resumes scheduled sending. */
    public void start() {
        running.set(true);
    }

    /** Sends due items until none is left or the batch is done; returns how many were attempted. */
    public int drain() {
        int n = 0;
        while (n < config.batchSize()) {
            Optional<OutboxItem> claimed = outbox.claim(clock.instant(), config.lease());
            if (claimed.isEmpty()) {
                break;
            }
            OutboxItem item = claimed.get();
            record(item, send(item));
            n++;
        }
        return n;
    }

    /** Claims one due item, if any (exposed for crash tests, with {@link #send} and {@link #record}). */
    public Optional<OutboxItem> claim() {
        return outbox.claim(clock.instant(), config.lease());
    }

    /** Sends a claimed item through its notifier, without recording anything. */
    public DeliveryResult send(OutboxItem item) {
        String channel = item.notification().integration().channel();
        Optional<Notifier> notifier = notifiers.forChannel(channel);
        Optional<ReceiverConfig> receiver =
                routing.config().receiver(item.notification().integration().receiver());
        if (notifier.isEmpty() || receiver.isEmpty()) {
            return new DeliveryResult.Permanent(FailureReason.CONFIG, "receiver or channel no longer configured");
        }
        try {
            return notifier.get().send(receiver.get(), item.notification());
        } catch (RuntimeException e) {
            // A notifier bug must not loop forever nor leak a secret: class name only.
            return new DeliveryResult.Retryable(
                    FailureReason.OTHER, e.getClass().getSimpleName(), null);
        }
    }

    /** Records the result of sending a claimed item: sent, rescheduled or failed. */
    public void record(OutboxItem item, DeliveryResult result) {
        Instant now = clock.instant();
        String channel = item.notification().integration().channel();
        String who = item.notification().integration().receiver() + "/"
                + item.notification().integration().key();
        if (result instanceof DeliveryResult.Delivered) {
            // The log entry is the record that it is done; the outbox item goes after it.
            log.record(item, now, "sent", null, null);
            metrics.outcome(channel, "sent");
            if (outbox.remove(item)) {
                LOG.debugf("delivered %s to %s (attempt %d)", item.key(), who, item.attempts());
            } else {
                LOG.warnf(
                        "delivered %s to %s after its lease expired; another sender may have sent it again",
                        item.key(), who);
            }
        } else if (result instanceof DeliveryResult.Retryable r) {
            metrics.failure(channel, false, r.reason());
            Instant next = retry.nextAttempt(
                    item.createdAt(),
                    item.attempts(),
                    now,
                    r.retryAfter(),
                    () -> ThreadLocalRandom.current().nextDouble());
            if (next == null) {
                fail(item, now, FailureReason.GAVE_UP, r.detail(), who);
            } else if (outbox.reschedule(item, next, r.reason(), r.detail())) {
                log.record(item, now, "retrying", r.reason(), r.detail());
                metrics.outcome(channel, "retried");
                LOG.infof(
                        "delivery of %s to %s failed (%s: %s), retrying at %s",
                        item.key(), who, r.reason(), r.detail(), next);
            }
        } else if (result instanceof DeliveryResult.Permanent p) {
            fail(item, now, p.reason(), p.detail(), who);
        }
    }

    private void fail(OutboxItem item, Instant now, String reason, String detail, String who) {
        String channel = item.notification().integration().channel();
        // Only the sender holding the lease gives up; log first, then delete (as for a delivery).
        if (outbox.holds(item)) {
            log.record(item, now, "failed", reason, detail);
            outbox.remove(item);
            metrics.failure(channel, true, reason);
            metrics.outcome(channel, "failed");
            LOG.warnf("delivery of %s to %s failed for good (%s: %s)", item.key(), who, reason, detail);
        }
    }
}
