package io.rapport.alert.outbox;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.rapport.alert.domain.dispatch.PlannedNotification;
import io.rapport.alert.domain.notify.AlertNotice;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The notification log ({@code notification_log}): per notification ({@code _id} = idempotency
 * key) the receiver, group, alerts, outcome, attempts with their results, and when it was sent. The
 * alert API reads an alert's delivery history from here by {@code alertIds}.
 *
 * <p>It is also the record that a notification is finished: {@code finishedAt} is set with the final
 * outcome ({@code sent}, {@code failed}) and never removed, so {@link #isFinished} (a read by {@code
 * _id}) tells the outbox not to enqueue or send that key again, however long ago it left the outbox.
 */
@ApplicationScoped
public class NotificationLog {
    static final String COLLECTION = "notification_log";

    private final MongoCollection<Document> log;

    NotificationLog(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.log = client.getDatabase(database).getCollection(COLLECTION);
        log.createIndex(Indexes.ascending("alertIds"));
        log.createIndex(Indexes.ascending("groupKey"));
    }

    /**
     * Records one attempt and the notification's outcome so far ({@code sent}, {@code retrying},
     * {@code failed}).
     */
    public void record(OutboxItem item, Instant at, String outcome, String reason, String detail) {
        PlannedNotification n = item.notification();
        Document attempt = new Document("at", Date.from(at))
                .append("attempt", item.attempts())
                .append("outcome", outcome);
        if (reason != null) {
            attempt.append("reason", reason).append("detail", detail);
        }
        List<org.bson.conversions.Bson> updates = new ArrayList<>(List.of(
                Updates.setOnInsert("receiver", n.integration().receiver()),
                Updates.setOnInsert("channel", n.integration().channel()),
                Updates.setOnInsert("integration", n.integration().key()),
                Updates.setOnInsert("groupKey", n.groupKey()),
                Updates.setOnInsert("status", n.status().name().toLowerCase(java.util.Locale.ROOT)),
                Updates.setOnInsert(
                        "alertIds",
                        n.alerts().stream().map(AlertNotice::alertId).toList()),
                Updates.setOnInsert(
                        "alerts",
                        n.alerts().stream()
                                .map(a -> new Document("alertId", a.alertId())
                                        .append("status", a.status().name().toLowerCase(java.util.Locale.ROOT))
                                        .append("updatedAt", Date.from(a.updatedAt())))
                                .toList()),
                Updates.set("outcome", outcome),
                Updates.set("attempts", item.attempts()),
                Updates.push("history", attempt)));
        if ("sent".equals(outcome)) {
            updates.add(Updates.set("sentAt", Date.from(at)));
        }
        if ("sent".equals(outcome) || "failed".equals(outcome)) {
            updates.add(Updates.set("finishedAt", Date.from(at)));
        }
        log.updateOne(Filters.eq("_id", item.key()), Updates.combine(updates), new UpdateOptions().upsert(true));
    }

    /**
     * Whether the notification {@code key} reached a final outcome: {@code finishedAt}, or for entries
     * written before it existed a {@code sentAt} or the outcome {@code failed}.
     */
    public boolean isFinished(String key) {
        Document d = log.find(Filters.eq("_id", key))
                .projection(Projections.include("finishedAt", "sentAt", "outcome"))
                .first();
        return d != null
                && (d.containsKey("finishedAt") || d.containsKey("sentAt") || "failed".equals(d.get("outcome")));
    }

    /**
     * Records as finished an outbox item that ends without a delivery attempt of this process (an item of
     * the old layout that stayed in the outbox when finished, or a payload that no longer parses): keeps
     * an existing entry's history, creates one from the item otherwise.
     */
    void recordFinished(Document item, String outcome, Date at) {
        log.updateOne(
                Filters.eq("_id", item.get("_id")),
                Updates.combine(
                        Updates.setOnInsert("receiver", item.get("receiver")),
                        Updates.setOnInsert("channel", item.get("channel")),
                        Updates.setOnInsert("integration", item.get("integration")),
                        Updates.setOnInsert("groupKey", item.get("groupKey")),
                        Updates.setOnInsert("alertIds", item.get("alertIds")),
                        Updates.set("outcome", outcome),
                        Updates.setOnInsert("attempts", item.getInteger("attempts", 0)),
                        Updates.set("finishedAt", at)),
                new UpdateOptions().upsert(true));
    }

    /** The log entries naming an alert, oldest first. */
    public List<Document> forAlert(String alertId) {
        List<Document> out = new ArrayList<>();
        log.find(Filters.eq("alertIds", alertId))
                .sort(new Document("history.0.at", 1))
                .forEach(out::add);
        return out;
    }

    /** The raw collection, for tests and operators. */
    public MongoCollection<Document> collection() {
        return log;
    }
}
