package io.rapport.alert.notify;

import static org.awaitility.Awaitility.await;

import io.rapport.alert.outbox.OutboxItem;
import io.rapport.alert.outbox.OutboxSender;
import java.time.Duration;
import java.util.Optional;

/** Claiming one alert's outbox item by hand, for tests that stop the sender between its steps. */
final class OutboxClaims {
    private OutboxClaims() {}

    /** Claims items until the one of {@code alertId}; others are delivered normally on the way. */
    static OutboxItem claimItemOf(OutboxSender sender, String alertId, Duration wait) {
        return await().atMost(wait)
                .until(
                        () -> {
                            Optional<OutboxItem> item = sender.claim();
                            if (item.isPresent()
                                    && !item.get()
                                            .notification()
                                            .alerts()
                                            .get(0)
                                            .alertId()
                                            .equals(alertId)) {
                                sender.record(item.get(), sender.send(item.get()));
                                return Optional.<OutboxItem>empty();
                            }
                            return item;
                        },
                        Optional::isPresent)
                .orElseThrow();
    }
}
