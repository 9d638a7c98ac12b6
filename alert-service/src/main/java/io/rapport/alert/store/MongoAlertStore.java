package io.rapport.alert.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.quarkus.runtime.StartupEvent;
import io.rapport.alert.domain.alert.Alert;
import io.rapport.alert.domain.alert.AlertIdentity;
import io.rapport.alert.domain.alert.AlertPage;
import io.rapport.alert.domain.alert.AlertQuery;
import io.rapport.alert.domain.alert.AlertStore;
import io.rapport.common.event.AlertSeverity;
import io.rapport.common.event.AlertState;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Alerts in MongoDB ({@code alerts}, {@code _id} = alert id). {@code openKey} is the identity while
 * the alert is open and {@code closed:<id>} once resolved, under a unique index: at most one open
 * alert per account, rule and reason, without transactions. Every write is one document, guarded by
 * the revision it expects.
 *
 * <p>{@code alert_account_alerts} ({@code _id} = accountId) points at each account's open alerts
 * ({@code open}) and its last resolved ones ({@code resolved}), so a batch reads the alerts of its
 * accounts by {@code _id} alone (two reads, served by the {@code _id} index on MongoDB and on the
 * embedded store, which uses no other index for these queries). {@code open} is a superset of the open
 * alerts: an id is added before its alert is inserted and moved to {@code resolved} only after the alert
 * is stored resolved, so a crash in between leaves an extra pointer (pruned when read), never a missing
 * one. Alerts stored before the pointers existed are pointed at once, at start-up.
 */
@ApplicationScoped
public class MongoAlertStore implements AlertStore {
    static final String COLLECTION = "alerts";
    static final String POINTERS = "alert_account_alerts";
    private static final String MIGRATIONS = "alert_migrations";
    private static final String POINTERS_MIGRATION = "account-alert-pointers";
    private static final String REVISION_KEY_MIGRATION = "alert-revision-keys";

    private final MongoCollection<Document> alerts;
    private final MongoCollection<Document> pointers;
    private final MongoCollection<Document> migrations;

    MongoAlertStore(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.alerts = client.getDatabase(database).getCollection(COLLECTION);
        this.pointers = client.getDatabase(database).getCollection(POINTERS);
        this.migrations = client.getDatabase(database).getCollection(MIGRATIONS);
    }

    /**
     * Once, before the store is used: gives alerts stored before they existed their {@code revisionKey}
     * and points at the open ones.
     */
    @PostConstruct
    void migrate() {
        if (migrations.find(Filters.eq("_id", REVISION_KEY_MIGRATION)).first() == null) {
            alerts.find(Filters.exists("revisionKey", false))
                    .projection(new Document("revision", 1))
                    .forEach(d -> alerts.updateOne(
                            Filters.eq("_id", d.get("_id")),
                            Updates.set(
                                    "revisionKey",
                                    revisionKey(d.getString("_id"), ((Number) d.get("revision")).longValue()))));
            migrations.updateOne(
                    Filters.eq("_id", REVISION_KEY_MIGRATION),
                    Updates.set("at", new Date()),
                    new UpdateOptions().upsert(true));
        }
        if (migrations.find(Filters.eq("_id", POINTERS_MIGRATION)).first() != null) {
            return;
        }
        alerts.find(Filters.ne("state", AlertState.RESOLVED.wireName()))
                .projection(new Document("accountId", 1))
                .forEach(d -> pointAt(d.getString("accountId"), d.getString("_id")));
        migrations.updateOne(
                Filters.eq("_id", POINTERS_MIGRATION), Updates.set("at", new Date()), new UpdateOptions().upsert(true));
    }

    void createIndexes(@Observes StartupEvent event) {
        alerts.createIndex(Indexes.ascending("openKey"), new IndexOptions().unique(true));
        // The revision guard of replace(): one unique key, so the embedded store serves it by index too.
        alerts.createIndex(
                Indexes.ascending("revisionKey"),
                new IndexOptions().unique(true).sparse(true));
        alerts.createIndex(Indexes.compoundIndex(Indexes.ascending("accountId"), Indexes.descending("startsAt")));
        alerts.createIndex(Indexes.compoundIndex(Indexes.ascending("topic"), Indexes.descending("startsAt")));
        alerts.createIndex(Indexes.compoundIndex(Indexes.ascending("state"), Indexes.descending("startsAt")));
        alerts.createIndex(Indexes.compoundIndex(Indexes.ascending("severity"), Indexes.descending("startsAt")));
        alerts.createIndex(Indexes.compoundIndex(
                Indexes.ascending("ruleId"), Indexes.ascending("state"), Indexes.ascending("lastSeenAt")));
        alerts.createIndex(Indexes.compoundIndex(
                Indexes.ascending("accountId"), Indexes.ascending("ruleId"), Indexes.ascending("eventIds")));
        alerts.createIndex(Indexes.descending("startsAt"));
    }

    @Override
    public Optional<Alert> findOpen(AlertIdentity identity) {
        return Optional.ofNullable(
                        alerts.find(Filters.eq("openKey", identity.key())).first())
                .map(MongoAlertStore::toDomain);
    }

    @Override
    public List<Alert> findOpen(String accountId, String ruleId) {
        return list(Filters.and(
                Filters.eq("accountId", accountId),
                Filters.eq("ruleId", ruleId),
                Filters.ne("state", AlertState.RESOLVED.wireName())));
    }

    @Override
    public List<Alert> findByEvent(String accountId, String ruleId, String eventId) {
        return list(Filters.and(
                Filters.eq("accountId", accountId), Filters.eq("ruleId", ruleId), Filters.eq("eventIds", eventId)));
    }

    @Override
    public List<Alert> findForAccounts(Collection<String> accountIds) {
        if (accountIds.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        Map<String, List<String>> openPointers = new LinkedHashMap<>();
        pointers.find(Filters.in("_id", accountIds)).forEach(d -> {
            List<String> open = d.getList("open", String.class, List.of());
            openPointers.put(d.getString("_id"), open);
            ids.addAll(open);
            ids.addAll(d.getList("resolved", String.class, List.of()));
        });
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Alert> out = list(Filters.in("_id", ids));
        // Prune pointers at alerts stored resolved (a resolve whose pointer update did not happen).
        Set<String> resolved = new java.util.HashSet<>();
        out.stream().filter(a -> !a.open()).forEach(a -> resolved.add(a.id()));
        openPointers.forEach((account, open) ->
                open.stream().filter(resolved::contains).forEach(id -> movedToResolved(account, id)));
        return out;
    }

    @Override
    public boolean insert(Alert alert) {
        if (alert.open()) {
            pointAt(alert.accountId(), alert.id());
        }
        try {
            alerts.insertOne(toDocument(alert));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false; // an open alert of this identity exists, or this very alert was inserted
            }
            throw e;
        }
    }

    @Override
    public boolean replace(Alert alert, long expectedRevision) {
        try {
            boolean replaced = alerts.replaceOne(
                                    Filters.eq("revisionKey", revisionKey(alert.id(), expectedRevision)),
                                    toDocument(alert))
                            .getModifiedCount()
                    > 0;
            if (replaced && !alert.open()) {
                movedToResolved(alert.accountId(), alert.id());
            }
            return replaced;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Alert> find(String id) {
        return Optional.ofNullable(alerts.find(Filters.eq("_id", id)).first()).map(MongoAlertStore::toDomain);
    }

    @Override
    public AlertPage list(AlertQuery q) {
        List<Bson> filters = new ArrayList<>();
        if (q.accountId() != null) filters.add(Filters.eq("accountId", q.accountId()));
        if (q.topic() != null) filters.add(Filters.eq("topic", q.topic()));
        if (q.severity() != null)
            filters.add(Filters.eq("severity", q.severity().wireName()));
        if (q.state() != null) filters.add(Filters.eq("state", q.state().wireName()));
        if (q.ruleId() != null) filters.add(Filters.eq("ruleId", q.ruleId()));
        if (q.from() != null) filters.add(Filters.gte("startsAt", Date.from(q.from())));
        if (q.to() != null) filters.add(Filters.lt("startsAt", Date.from(q.to())));
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        long total = alerts.countDocuments(filter);
        List<Alert> items = new ArrayList<>();
        alerts.find(filter)
                .sort(Sorts.orderBy(Sorts.descending("startsAt"), Sorts.ascending("_id")))
                .skip(q.page() * q.size())
                .limit(q.size())
                .forEach(d -> items.add(toDomain(d)));
        return new AlertPage(items, total, q.page(), q.size());
    }

    @Override
    public List<Alert> findOpenLastSeenBefore(String ruleId, Instant before) {
        return list(Filters.and(
                Filters.eq("ruleId", ruleId),
                Filters.ne("state", AlertState.RESOLVED.wireName()),
                Filters.lt("lastSeenAt", Date.from(before))));
    }

    /**
     * An alert's id and revision as one value: replacing "this alert at this revision" is then a filter
     * on one uniquely indexed field, which MongoDB and the embedded store both serve from the index (the
     * embedded store scans for a filter of two fields, {@code _id} and {@code revision}).
     */
    static String revisionKey(String id, long revision) {
        return id + "@" + revision;
    }

    private void pointAt(String accountId, String alertId) {
        upsertPointers(accountId, Updates.addToSet("open", alertId));
    }

    private void movedToResolved(String accountId, String alertId) {
        upsertPointers(
                accountId,
                Updates.combine(
                        Updates.pull("open", alertId),
                        Updates.pushEach(
                                "resolved", List.of(alertId), new PushOptions().slice(-RECENTLY_RESOLVED_KEPT))));
    }

    private void upsertPointers(String accountId, Bson update) {
        for (int attempt = 0; ; attempt++) {
            try {
                pointers.updateOne(Filters.eq("_id", accountId), update, new UpdateOptions().upsert(true));
                return;
            } catch (MongoWriteException e) {
                // Two first writes of an account raced on the upsert: the loser updates the winner's document.
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private List<Alert> list(Bson filter) {
        List<Alert> out = new ArrayList<>();
        alerts.find(filter).forEach(d -> out.add(toDomain(d)));
        return out;
    }

    static Document toDocument(Alert a) {
        Document d = new Document("_id", a.id())
                .append("openKey", a.open() ? a.identity().key() : "closed:" + a.id())
                .append("accountId", a.accountId())
                .append("ruleId", a.ruleId())
                .append("reasonKey", a.reasonKey())
                .append("topic", a.topic())
                .append("severity", a.severity().wireName())
                .append("state", a.state().wireName())
                .append("labels", new Document(new LinkedHashMap<>(a.labels())))
                .append("summary", a.summary())
                .append("description", a.description())
                .append("explanation", new Document(new LinkedHashMap<>(a.explanation())))
                .append("startsAt", date(a.startsAt()))
                .append("lastSeenAt", date(a.lastSeenAt()))
                .append("updatedAt", date(a.updatedAt()))
                .append("endsAt", date(a.endsAt()))
                .append("count", a.count())
                .append("revision", a.revision())
                .append("revisionKey", revisionKey(a.id(), a.revision()))
                .append("eventIds", a.eventIds())
                .append("acknowledgedBy", a.acknowledgedBy())
                .append("acknowledgedAt", date(a.acknowledgedAt()))
                .append("resolvedBy", a.resolvedBy())
                .append("resolvedAt", date(a.resolvedAt()))
                .append("resolution", a.resolution());
        return d;
    }

    @SuppressWarnings("unchecked")
    static Alert toDomain(Document d) {
        Map<String, String> labels = new LinkedHashMap<>();
        d.get("labels", Document.class).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        Document explanation = d.get("explanation", Document.class);
        return new Alert(
                d.getString("_id"),
                d.getString("accountId"),
                d.getString("ruleId"),
                d.getString("reasonKey"),
                d.getString("topic"),
                AlertSeverity.valueOf(d.getString("severity").toUpperCase(Locale.ROOT)),
                AlertState.valueOf(d.getString("state").toUpperCase(Locale.ROOT)),
                labels,
                d.getString("summary"),
                d.getString("description"),
                explanation == null ? Map.of() : new LinkedHashMap<>(explanation),
                instant(d.getDate("startsAt")),
                instant(d.getDate("lastSeenAt")),
                instant(d.getDate("updatedAt")),
                instant(d.getDate("endsAt")),
                d.getInteger("count", 1),
                ((Number) d.get("revision")).longValue(),
                (List<String>) d.get("eventIds", List.class),
                d.getString("acknowledgedBy"),
                instant(d.getDate("acknowledgedAt")),
                d.getString("resolvedBy"),
                instant(d.getDate("resolvedAt")),
                d.getString("resolution"));
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
