package io.rapport.alert.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.rapport.alert.config.AlertsConfig;
import io.rapport.alert.domain.rules.AccountFacts;
import io.rapport.common.event.AccountEvent;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.event.Transactions;
import io.rapport.common.store.LatestScoreRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
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
        Document d = accounts.find(Filters.eq("_id", accountId)).first();
        if (d == null) {
            AccountFacts unknown = AccountFacts.unknown(accountId);
            return latest == null ? unknown : unknown.withScore(latest);
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
        AccountFacts facts = new AccountFacts(
                accountId,
                d.getString("name"),
                kind == null ? null : AccountKind.valueOf(kind.toUpperCase(Locale.ROOT)),
                d.getString("tier"),
                d.getString("region"),
                null,
                history,
                renewals);
        return latest == null ? facts : facts.withScore(latest);
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
