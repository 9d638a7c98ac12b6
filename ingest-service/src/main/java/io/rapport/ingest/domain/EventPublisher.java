package io.rapport.ingest.domain;

import io.rapport.common.event.RapportEvent;
import java.util.concurrent.CompletableFuture;

/** Writes an event to its topic; the future completes when the broker acknowledged it. */
public interface EventPublisher {
    CompletableFuture<Void> publish(RapportEvent event);
}
