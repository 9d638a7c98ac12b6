package io.rapport.alert.notify;

import io.rapport.alert.domain.dispatch.DeliveryResult;
import io.rapport.alert.domain.dispatch.PlannedNotification;
import io.rapport.alert.domain.routing.ReceiverConfig;

/**
 * Delivers notifications over one channel ({@code email}, {@code slack}, {@code webhook}) with
 * the receiver's configs of that channel. Implementations never throw for a failed delivery: they
 * classify it, and their messages never contain a secret.
 */
public interface Notifier {

    /** The channel name, as in {@link io.rapport.alert.domain.dispatch.Integration#channel()}. */
    String channel();

    /** How many configs of this channel the receiver has. */
    int integrations(ReceiverConfig receiver);

    /** Whether the receiver's {@code index}-th config of this channel sends resolved alerts. */
    boolean sendResolved(ReceiverConfig receiver, int index);

    /** Checks the receiver's configs of this channel at start-up; throws naming the problem. */
    default void validate(ReceiverConfig receiver) {}

    /** Sends one notification; blocking, called from the outbox sender's worker thread. */
    DeliveryResult send(ReceiverConfig receiver, PlannedNotification notification);
}
