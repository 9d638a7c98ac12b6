package io.rapport.alert.notify;

import io.rapport.alert.outbox.OutboxSender;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Flushes due groups and drains the outbox as soon as a notice made a group due (a route with {@code
 * group_wait: 0s}, or a group already past its wait), on one background thread, instead of waiting for
 * the next scheduled flush and send: those ticks ({@code flush-every}, {@code send-every}, 1 s each)
 * would add up to two seconds to every such notification. The scheduled runs stay as they are, for
 * group intervals, repeats and retries; concurrent runs are safe because group writes are guarded by a
 * revision and outbox items are claimed with a lease, as between replicas. Wake-ups that arrive while a
 * run is pending are coalesced into it.
 */
@ApplicationScoped
public class ImmediateDelivery {
    private static final Logger LOG = Logger.getLogger(ImmediateDelivery.class);

    private final GroupFlusher flusher;
    private final OutboxSender sender;
    private final NotifyConfig config;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "notify-immediate");
        thread.setDaemon(true);
        return thread;
    });

    ImmediateDelivery(GroupFlusher flusher, OutboxSender sender, NotifyConfig config) {
        this.flusher = flusher;
        this.sender = sender;
        this.config = config;
    }

    /** Asks for a flush and a send soon; returns at once. */
    public void wake() {
        if (config.enabled() && pending.compareAndSet(false, true)) {
            worker.execute(this::run);
        }
    }

    private void run() {
        // Cleared before the work, so a notice stored during this run schedules one more run.
        pending.set(false);
        try {
            flusher.flushDue();
            sender.deliverDue();
        } catch (RuntimeException e) {
            LOG.warnf("immediate flush failed, the scheduled run will retry: %s", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
