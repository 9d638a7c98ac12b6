package io.rapport.segmentation.messaging;

import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.runtime.PayloadReader;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies each account's scores to its segment memberships ({@link MembershipUpdater}), in partition
 * order. A record that does not parse or validate goes to the dead-letter topic (channel config) and the
 * partition flows on.
 */
@ApplicationScoped
public class ScoreConsumer {
    private final PayloadReader reader;
    private final MembershipUpdater updater;

    ScoreConsumer(PayloadReader reader, MembershipUpdater updater) {
        this.reader = reader;
        this.updater = updater;
    }

    @Incoming("scores")
    @Blocking
    public void onScore(String payload) {
        ScoreChangedEvent score = reader.read(payload, ScoreChangedEvent.class);
        updater.apply(score);
    }
}
