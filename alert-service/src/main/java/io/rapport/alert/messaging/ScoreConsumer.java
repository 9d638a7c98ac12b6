package io.rapport.alert.messaging;

import io.rapport.alert.domain.rules.Signal;
import io.rapport.alert.store.AccountFactsRepository;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.runtime.PayloadReader;
import io.rapport.common.store.LatestScoreRepository;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps each account's latest score and a short score history, then evaluates the score-based rules
 * on it. A score older than the one stored is not evaluated (it would move the account back in
 * time); the same score redelivered is evaluated again, which re-emits the alerts it already made.
 * Scores are consumed a poll at a time: the batch's accounts are read and written once, in bulk, and
 * their alerts read once ({@link RecordBatches}); a record that does not parse or validate is
 * dead-lettered on its own and the rest of the poll flows on.
 */
@ApplicationScoped
public class ScoreConsumer {
    private final PayloadReader reader;
    private final LatestScoreRepository latestScores;
    private final AccountFactsRepository accounts;
    private final SignalHandler signals;
    private final RecordBatches batches;

    ScoreConsumer(
            PayloadReader reader,
            LatestScoreRepository latestScores,
            AccountFactsRepository accounts,
            SignalHandler signals,
            RecordBatches batches) {
        this.reader = reader;
        this.latestScores = latestScores;
        this.accounts = accounts;
        this.signals = signals;
        this.batches = batches;
    }

    @Incoming("scores")
    @Blocking
    public void onScores(ConsumerRecords<String, String> records) {
        batches.process(records, p -> reader.read(p, ScoreChangedEvent.class), this::onBatch, this::onScore);
    }

    /**
     * A poll's scores: two reads of the accounts, the rules on each score in order (alerts stored and
     * published), then two bulk writes of the scores and histories. Stored last, so a batch that fails
     * is processed again one record at a time from the scores it started with.
     */
    void onBatch(List<ScoreChangedEvent> scores) {
        AccountFactsRepository.ScoreBatch batch = accounts.prepareScores(scores);
        List<SignalHandler.Pending> pending = new ArrayList<>();
        for (AccountFactsRepository.ScoreUpdate update : batch.updates()) {
            if (update.evaluate()) {
                pending.add(new SignalHandler.Pending(update.facts(), new Signal.Score(update.score())));
            }
        }
        signals.handleAll(pending);
        batch.store();
    }

    /** One score, with its own round trips (a batch that failed is processed again this way). */
    void onScore(ScoreChangedEvent score) {
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
