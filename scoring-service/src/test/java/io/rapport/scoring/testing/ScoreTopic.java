package io.rapport.scoring.testing;

import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.common.kafka.Topics;
import io.rapport.localstack.testing.KafkaTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads published scores of one account from {@code rapport.scores.v1}. */
public final class ScoreTopic {
    private ScoreTopic() {}

    /** Every score of {@code accountId} read until one matches {@code until} (or the timeout), by revision. */
    public static List<ScoreChangedEvent> readUntil(
            KafkaTestClient kafka, String accountId, Predicate<ScoreChangedEvent> until, Duration timeout) {
        List<ScoreChangedEvent> scores = new ArrayList<>();
        for (ConsumerRecord<String, String> r : kafka.readUntil(
                Topics.SCORES, r -> accountId.equals(r.key()) && until.test(parse(r.value())), timeout)) {
            if (accountId.equals(r.key())) scores.add(parse(r.value()));
        }
        scores.sort(Comparator.comparingLong(ScoreChangedEvent::revision));
        return scores;
    }

    public static ScoreChangedEvent parse(String json) {
        try {
            return RapportJson.fromBytes(json.getBytes(StandardCharsets.UTF_8), ScoreChangedEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
