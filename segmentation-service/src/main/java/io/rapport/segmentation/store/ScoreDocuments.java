package io.rapport.segmentation.store;

import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.json.RapportJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.bson.Document;

/** Reads the documents of {@code latest_scores} (written by common's LatestScoreRepository) back as events. */
public final class ScoreDocuments {
    private ScoreDocuments() {}

    public static ScoreChangedEvent toEvent(Document document) {
        Document copy = new Document(document);
        Object id = copy.remove("_id");
        try {
            return RapportJson.fromBytes(copy.toJson().getBytes(StandardCharsets.UTF_8), ScoreChangedEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException("stored score of " + id + " no longer parses", e);
        }
    }
}
