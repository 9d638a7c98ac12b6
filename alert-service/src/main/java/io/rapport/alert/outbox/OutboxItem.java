package io.rapport.alert.outbox;

import io.rapport.alert.domain.dispatch.PlannedNotification;
import java.time.Instant;

/**
 * A notification in the outbox as a sender claimed it.
 *
 * @param leaseToken proves the claim: marks by a sender whose lease expired are refused
 * @param attempts attempts so far, this one included
 */
public record OutboxItem(
        String key, PlannedNotification notification, Instant createdAt, int attempts, String leaseToken) {}
