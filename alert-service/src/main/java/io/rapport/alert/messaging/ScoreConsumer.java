package io.rapport.alert.messaging;

import io.rapport.alert.domain.rules.Signal;
import io.rapport.alert.store.AccountFactsRepository;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.runtime.PayloadReader;
import io.rapport.common.store.LatestScoreRepository;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps each account's latest score and a short score history, then evaluates the score-based rules
 * on it. A score older than the one stored is not evaluated (it would move the account back in
 * time); the same score redelivered is evaluated again, which re-emits the alerts it already made.
 * A record that does not parse or validate goes to the dead-letter topic (channel config) and the
 * partition flows on.
 */
@ApplicationScoped
public class ScoreConsumer {
    private final PayloadReader reader;
    private final LatestScoreRepository latestScores;
    private final AccountFactsRepository accounts;
    private final SignalHandler signals;

    ScoreConsumer(
            PayloadReader reader,
            LatestScoreRepository latestScores,
            AccountFactsRepository accounts,
            SignalHandler signals) {
        this.reader = reader;
        this.latestScores = latestScores;
        this.accounts = accounts;
        this.signals = signals;
    }

    @Incoming("scores")
    @Blocking
    public void onScore(String payload) {
        ScoreChangedEvent score = reader.read(payload, ScoreChangedEvent.class);
        boolean newer = latestScores.saveIfNewer(score);
        accounts.recordScore(score);
        if (!newer
                && latestScores
                        .find(score.accountId())
                        .map(s -> s.revision() != score.revision())
                        .orElse(true)) {
            return; // stale: a higher revision is already applied
        }
        signals.handle(accounts.load(score.accountId()).withScore(score), new Signal.Score(score));
    }
}
