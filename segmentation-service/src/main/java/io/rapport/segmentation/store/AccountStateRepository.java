package io.rapport.segmentation.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.segmentation.domain.AccountFacts.ScorePoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Per account ({@code account_state}, {@code _id} = accountId): the recent score points behind the 7-
 * and 30-day changes, the highest score revision seen, the highest revision whose memberships were
 * fully written ({@code evaluatedRevision}), the guard that makes replays do nothing, and the revisions
 * whose changes may be in the history but not yet in the memberships ({@code pendingRevisions}).
 */
@ApplicationScoped
public class AccountStateRepository {
    private final MongoCollection<Document> state;

    AccountStateRepository(Collections collections) {
        this.state = collections.get(Collections.ACCOUNT_STATE);
    }

    /** The account's state after recording this score's point (once per revision). */
    public Document recordScore(ScoreChangedEvent score, int keep) {
        Document point = new Document("at", Date.from(score.occurredAt())).append("s", score.score());
        try {
            Document after = state.findOneAndUpdate(
                    Filters.and(Filters.eq("_id", score.accountId()), Filters.lt("seenRevision", score.revision())),
                    Updates.combine(
                            Updates.set("seenRevision", score.revision()),
                            Updates.pushEach("points", List.of(point), new PushOptions().slice(-keep))),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            if (after != null) {
                return after;
            }
        } catch (MongoException e) {
            // findOneAndUpdate reports the collision as a command error, other paths as a write error
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // An equal or higher revision was seen already: a replay or an older redelivery.
        }
        Document existing = state.find(Filters.eq("_id", score.accountId())).first();
        return existing == null ? new Document("_id", score.accountId()) : existing;
    }

    /**
     * Marks a revision as about to record changes in the history: until it is evaluated, the next
     * evaluation of the account reads its recorded changes as if they were applied.
     */
    public void markPending(String accountId, long revision) {
        state.updateOne(Filters.eq("_id", accountId), Updates.addToSet("pendingRevisions", revision));
    }

    /**
     * Marks the revision whose memberships, history and events are all written. Its membership write
     * covered every segment, so the pending revisions up to it are settled too.
     */
    public void markEvaluated(String accountId, long revision) {
        state.updateOne(
                Filters.eq("_id", accountId),
                Updates.combine(
                        Updates.max("evaluatedRevision", revision),
                        Updates.pullByFilter(Filters.lte("pendingRevisions", revision))));
    }

    /**
     * The revisions of a state document whose changes may be recorded but not applied (a crash or a
     * failure came between), oldest first; none once a later revision is evaluated.
     */
    public static List<Long> pendingRevisions(Document state) {
        long evaluated = evaluatedRevision(state);
        List<Long> pending = new ArrayList<>();
        for (Object o : state.getList("pendingRevisions", Object.class, List.of())) {
            long r = ((Number) o).longValue();
            if (r > evaluated) {
                pending.add(r);
            }
        }
        java.util.Collections.sort(pending);
        return pending;
    }

    /** The highest fully evaluated revision in a state document, or -1. */
    public static long evaluatedRevision(Document state) {
        Number n = state.get("evaluatedRevision", Number.class);
        return n == null ? -1 : n.longValue();
    }

    /** The score points of a state document. */
    public static List<ScorePoint> points(Document state) {
        List<ScorePoint> points = new ArrayList<>();
        List<Document> raw = state.getList("points", Document.class, List.of());
        for (Document p : raw) {
            points.add(new ScorePoint(
                    p.getDate("at").toInstant(), p.get("s", Number.class).doubleValue()));
        }
        return points;
    }

    /** Score points of many accounts (one query), for back-fill. */
    public Map<String, List<ScorePoint>> points(Collection<String> accountIds) {
        Map<String, List<ScorePoint>> map = new HashMap<>();
        state.find(Filters.in("_id", accountIds))
                .projection(new Document("points", 1))
                .forEach(d -> map.put(d.getString("_id"), points(d)));
        return map;
    }
}
