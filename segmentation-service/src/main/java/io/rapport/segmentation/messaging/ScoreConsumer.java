package io.rapport.segmentation.messaging;

import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.runtime.PayloadReader;
import io.rapport.common.store.LatestScoreRepository;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps each account's latest score, the input segment membership is evaluated on. A record that
 * does not parse or validate goes to the dead-letter topic (channel config) and the partition flows on.
 */
@ApplicationScoped
public class ScoreConsumer {
    private final PayloadReader reader;
    private final LatestScoreRepository latestScores;

    ScoreConsumer(PayloadReader reader, LatestScoreRepository latestScores) {
        this.reader = reader;
        this.latestScores = latestScores;
    }

    @Incoming("scores")
    @Blocking
    public void onScore(String payload) {
        ScoreChangedEvent score = reader.read(payload, ScoreChangedEvent.class);
        latestScores.saveIfNewer(score);
    }
}
