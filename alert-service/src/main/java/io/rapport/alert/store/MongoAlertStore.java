package io.rapport.alert.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.quarkus.runtime.StartupEvent;
import io.rapport.alert.domain.alert.Alert;
import io.rapport.alert.domain.alert.AlertIdentity;
import io.rapport.alert.domain.alert.AlertPage;
import io.rapport.alert.domain.alert.AlertQuery;
import io.rapport.alert.domain.alert.AlertStore;
import io.rapport.common.event.AlertSeverity;
import io.rapport.common.event.AlertState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Alerts in MongoDB ({@code alerts}, {@code _id} = alert id). {@code openKey} is the identity while
 * the alert is open and {@code closed:<id>} once resolved, under a unique index: at most one open
 * alert per account, rule and reason, without transactions. Every write is one document, guarded by
 * the revision it expects.
 */
@ApplicationScoped
public class MongoAlertStore implements AlertStore {
    static final String COLLECTION = "alerts";

    private final MongoCollection<Document> alerts;

    MongoAlertStore(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.alerts = client.getDatabase(database).getCollection(COLLECTION);
    }

    void createIndexes(@Observes StartupEvent event) {
        alerts.createIndex(Indexes.ascending("openKey"), new IndexOptions().unique(true));
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
    public boolean insert(Alert alert) {
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
            return alerts.replaceOne(
                                    Filters.and(
                                            Filters.eq("_id", alert.id()), Filters.eq("revision", expectedRevision)),
                                    toDocument(alert))
                            .getModifiedCount()
                    > 0;
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
