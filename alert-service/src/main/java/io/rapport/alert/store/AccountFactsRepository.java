package io.rapport.alert.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.rapport.alert.config.AlertsConfig;
import io.rapport.alert.domain.rules.AccountFacts;
import io.rapport.common.event.AccountEvent;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.event.Transactions;
import io.rapport.common.json.RapportJson;
import io.rapport.common.store.LatestScoreRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the alert service keeps per account besides the latest score ({@code alert_accounts},
 * {@code _id} = accountId): reference attributes, a short score history for drop-within-window
 * rules, and contracts due for renewal. Each write is a single idempotent update.
 */
@ApplicationScoped
public class AccountFactsRepository {
    static final String COLLECTION = "alert_accounts";

    private final MongoCollection<Document> accounts;
    private final LatestScoreRepository latestScores;
    private final int historySize;

    AccountFactsRepository(
            MongoClient client,
            @ConfigProperty(name = "quarkus.mongodb.database") String database,
            LatestScoreRepository latestScores,
            AlertsConfig config) {
        this.accounts = client.getDatabase(database).getCollection(COLLECTION);
        this.latestScores = latestScores;
        this.historySize = config.scoreHistorySize();
    }

    /** Appends a score to the history (once per revision) and takes the account attributes it carries. */
    public void recordScore(ScoreChangedEvent score) {
        List<Bson> updates = new ArrayList<>();
        // $push with $each/$slice keeps the newest entries only.
        updates.add(Updates.pushEach(
                "history",
                List.of(new Document("at", Date.from(score.occurredAt()))
                        .append("revision", score.revision())
                        .append("score", score.score())),
                new PushOptions().slice(-historySize)));
        var snapshot = score.account();
        if (snapshot != null) {
            updates.add(Updates.set("name", snapshot.name()));
            updates.add(Updates.set("kind", snapshot.kind().wireName()));
            if (snapshot.tier() != null) updates.add(Updates.set("tier", snapshot.tier()));
            if (snapshot.region() != null) updates.add(Updates.set("region", snapshot.region()));
        }
        upsertUnless(
                Filters.and(Filters.eq("_id", score.accountId()), Filters.ne("history.revision", score.revision())),
                Updates.combine(updates));
    }

    /** Takes an account's reference attributes. */
    public void recordAccount(AccountEvent account) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set("name", account.name()));
        updates.add(Updates.set("kind", account.kind().wireName()));
        updates.add(Updates.set("tier", account.tier()));
        updates.add(Updates.set("region", account.region()));
        upsertUnless(Filters.eq("_id", account.accountId()), Updates.combine(updates));
    }

    /** Records (or updates) a contract coming up for renewal. */
    public void recordRenewal(Transactions.ContractRenewalDue renewal) {
        String key = "renewals." + renewal.contractId().replace('.', '_').replace('$', '_');
        upsertUnless(
                Filters.eq("_id", renewal.accountId()),
                Updates.set(
                        key,
                        new Document("contractId", renewal.contractId())
                                .append("renewalDate", renewal.renewalDate().toString())
                                .append("amount", renewal.amount().toPlainString())
                                .append("currency", renewal.currency())));
    }

    /** Everything known of an account, with its latest score. */
    public AccountFacts load(String accountId) {
        ScoreChangedEvent latest = latestScores.find(accountId).orElse(null);
        AccountFacts facts =
                toFacts(accountId, accounts.find(Filters.eq("_id", accountId)).first());
        return latest == null ? facts : facts.withScore(latest);
    }

    /**
     * Everything known of each account, with its latest score: two reads by {@code _id} for the whole
     * set, whatever its size. Accounts nothing is known of are {@link AccountFacts#unknown}.
     */
    public Map<String, AccountFacts> loadAll(Collection<String> accountIds) {
        Map<String, ScoreChangedEvent> latest = latestScores(accountIds);
        Map<String, Document> docs = new HashMap<>();
        accounts.find(Filters.in("_id", accountIds)).forEach(d -> docs.put(d.getString("_id"), d));
        Map<String, AccountFacts> out = new LinkedHashMap<>();
        for (String id : accountIds) {
            AccountFacts facts = toFacts(id, docs.get(id));
            ScoreChangedEvent score = latest.get(id);
            out.put(id, score == null ? facts : facts.withScore(score));
        }
        return out;
    }

    /** A score of a batch and the facts its rules are evaluated on, or none when it is stale. */
    public record ScoreUpdate(ScoreChangedEvent score, AccountFacts facts) {
        /** False for a score older than the one already applied: its rules are not evaluated. */
        public boolean evaluate() {
            return facts != null;
        }
    }

    /** What a batch of scores changes, worked out in memory; {@link #store()} writes it. */
    public final class ScoreBatch {
        private final List<ScoreUpdate> updates;
        private final List<WriteModel<Document>> latestWrites;
        private final List<WriteModel<Document>> factWrites;

        private ScoreBatch(
                List<ScoreUpdate> updates,
                List<WriteModel<Document>> latestWrites,
                List<WriteModel<Document>> factWrites) {
            this.updates = updates;
            this.latestWrites = latestWrites;
            this.factWrites = factWrites;
        }

        /** Per score, in order, the facts its rules are evaluated on (none when stale). */
        public List<ScoreUpdate> updates() {
            return updates;
        }

        /**
         * Stores the latest scores and the history points: one bulk write each. Called once the batch's
         * alerts are stored and published, so that a batch failing before it is processed again one
         * record at a time with none of its scores taken for stale.
         */
        public void store() {
            bulkIgnoringDuplicates(latestScores.collection(), latestWrites);
            bulkIgnoringDuplicates(accounts, factWrites);
        }
    }

    /**
     * Works out for a batch of scores, in order, what {@link LatestScoreRepository#saveIfNewer} and {@link
     * #recordScore} do for one, with two reads for the whole batch: per score the facts as the
     * one-at-a-time path would have loaded them after storing it (none when stale), and the writes, which
     * {@link ScoreBatch#store()} applies in two bulk writes.
     */
    public ScoreBatch prepareScores(List<ScoreChangedEvent> scores) {
        Set<String> ids = new LinkedHashSet<>();
        scores.forEach(s -> ids.add(s.accountId()));
        Map<String, AccountFacts> facts = loadAll(ids);
        Map<String, ScoreChangedEvent> newest = new LinkedHashMap<>();
        Map<String, List<Document>> newPoints = new LinkedHashMap<>();
        Map<String, ScoreChangedEvent.AccountSnapshot> snapshots = new LinkedHashMap<>();
        List<ScoreUpdate> out = new ArrayList<>(scores.size());
        for (ScoreChangedEvent score : scores) {
            String id = score.accountId();
            AccountFacts current = facts.get(id);
            long applied =
                    current.latestScore() == null ? -1 : current.latestScore().revision();
            List<AccountFacts.ScorePoint> history = new ArrayList<>(current.scoreHistory());
            if (history.stream().noneMatch(p -> p.revision() == score.revision())) {
                history.add(new AccountFacts.ScorePoint(score.occurredAt(), score.revision(), score.score()));
                newPoints
                        .computeIfAbsent(id, k -> new ArrayList<>())
                        .add(new Document("at", Date.from(score.occurredAt()))
                                .append("revision", score.revision())
                                .append("score", score.score()));
                if (score.account() != null) {
                    snapshots.put(id, score.account());
                }
            }
            // The store keeps the newest pushes only; in push order, which the facts then sort by time.
            List<AccountFacts.ScorePoint> kept = history.size() > historySize
                    ? history.subList(history.size() - historySize, history.size())
                    : history;
            AccountFacts withPoint = new AccountFacts(
                    id,
                    current.name(),
                    current.kind(),
                    current.tier(),
                    current.region(),
                    current.latestScore(),
                    kept,
                    current.renewals());
            if (score.revision() > applied) {
                newest.put(id, score);
                AccountFacts next = withPoint.withScore(score);
                facts.put(id, next);
                out.add(new ScoreUpdate(score, next));
            } else if (score.revision() == applied) {
                // The same score again (a redelivery): evaluated again, so its alerts are re-emitted.
                facts.put(id, withPoint);
                out.add(new ScoreUpdate(score, withPoint.withScore(score)));
            } else {
                facts.put(id, withPoint);
                out.add(new ScoreUpdate(score, null));
            }
        }
        List<WriteModel<Document>> latestWrites = new ArrayList<>();
        newest.forEach((id, score) -> {
            Document document = Document.parse(new String(RapportJson.toBytes(score), StandardCharsets.UTF_8));
            document.put("_id", id);
            latestWrites.add(new ReplaceOneModel<>(
                    Filters.and(Filters.eq("_id", id), Filters.lt("revision", score.revision())),
                    document,
                    new ReplaceOptions().upsert(true)));
        });
        List<WriteModel<Document>> factWrites = new ArrayList<>();
        newPoints.forEach((id, points) -> {
            List<Bson> updates = new ArrayList<>();
            updates.add(Updates.pushEach("history", points, new PushOptions().slice(-historySize)));
            var snapshot = snapshots.get(id);
            if (snapshot != null) {
                updates.add(Updates.set("name", snapshot.name()));
                updates.add(Updates.set("kind", snapshot.kind().wireName()));
                if (snapshot.tier() != null) updates.add(Updates.set("tier", snapshot.tier()));
                if (snapshot.region() != null) updates.add(Updates.set("region", snapshot.region()));
            }
            // By _id alone (the embedded store scans any other filter): the points are the ones this batch's
            // read of the account did not find. Only a second consumer of the same partition at the same time
            // (a rebalance) could push one twice, which no rule's outcome depends on (score_drop takes a peak).
            factWrites.add(new UpdateOneModel<>(
                    Filters.eq("_id", id), Updates.combine(updates), new UpdateOptions().upsert(true)));
        });
        return new ScoreBatch(out, latestWrites, factWrites);
    }

    private Map<String, ScoreChangedEvent> latestScores(Collection<String> accountIds) {
        Map<String, ScoreChangedEvent> out = new HashMap<>();
        latestScores.collection().find(Filters.in("_id", accountIds)).forEach(d -> {
            String id = d.getString("_id");
            d.remove("_id");
            try {
                out.put(
                        id,
                        RapportJson.fromBytes(d.toJson().getBytes(StandardCharsets.UTF_8), ScoreChangedEvent.class));
            } catch (IOException e) {
                throw new UncheckedIOException("stored score of " + id + " no longer parses", e);
            }
        });
        return out;
    }

    /**
     * Applies the writes unordered; a duplicate-key error means the guard missed because the write is
     * already applied (a newer score, a recorded revision) and the upsert hit the {@code _id}.
     */
    private static void bulkIgnoringDuplicates(
            MongoCollection<Document> collection, List<WriteModel<Document>> writes) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream()
                            .anyMatch(w -> ErrorCategory.fromErrorCode(w.getCode()) != ErrorCategory.DUPLICATE_KEY)
                    || e.getWriteConcernError() != null) {
                throw e;
            }
        }
    }

    private AccountFacts toFacts(String accountId, Document d) {
        if (d == null) {
            return AccountFacts.unknown(accountId);
        }
        List<AccountFacts.ScorePoint> history = new ArrayList<>();
        List<?> points = d.get("history", List.class);
        if (points != null) {
            for (Object o : points) {
                Document p = (Document) o;
                history.add(new AccountFacts.ScorePoint(
                        p.getDate("at").toInstant(),
                        ((Number) p.get("revision")).longValue(),
                        ((Number) p.get("score")).doubleValue()));
            }
        }
        List<AccountFacts.Renewal> renewals = new ArrayList<>();
        Document r = d.get("renewals", Document.class);
        if (r != null) {
            for (Object o : r.values()) {
                Document c = (Document) o;
                renewals.add(new AccountFacts.Renewal(
                        c.getString("contractId"),
                        LocalDate.parse(c.getString("renewalDate")),
                        new BigDecimal(c.getString("amount")),
                        c.getString("currency")));
            }
        }
        String kind = d.getString("kind");
        return new AccountFacts(
                accountId,
                d.getString("name"),
                kind == null ? null : AccountKind.valueOf(kind.toUpperCase(Locale.ROOT)),
                d.getString("tier"),
                d.getString("region"),
                null,
                history,
                renewals);
    }

    /** Calls {@code action} with the id of every account that has a score (the time-based evaluation). */
    public void forEachScoredAccount(Consumer<String> action) {
        latestScores
                .collection()
                .find()
                .projection(new Document("_id", 1))
                .forEach(d -> action.accept(d.getString("_id")));
    }

    private void upsertUnless(Bson filter, Bson update) {
        try {
            accounts.updateOne(filter, update, new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            // The filter missed because this revision is already recorded, so the upsert hit the _id.
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }
}
