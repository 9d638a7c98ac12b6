package io.rapport.alert.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.rapport.alert.domain.dispatch.PlannedNotification;
import io.rapport.alert.domain.notify.AlertNotice;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The persistent outbox ({@code notification_outbox}): the notifications still to deliver, one document
 * each, {@code _id} = its idempotency key. It holds only work to do — {@code pending} (due at {@code
 * dueAt}) or {@code sending} (leased until {@code dueAt}) — so a claim reads a small collection, also on
 * the embedded store, which scans for any filter but {@code _id} (ADR 0009). The record of a finished
 * notification is its {@link NotificationLog} entry: the outcome is written there first ({@code
 * finishedAt}), then the item is deleted here. A key the log has finished is never enqueued again, and
 * a claimed item whose key is finished (its deletion was interrupted, or a stale flush enqueued it again
 * meanwhile) is deleted instead of sent.
 *
 * <p>Senders claim due items with a lease by a single {@code findOneAndUpdate}; a claim whose lease
 * expired (the sender died) is claimed again, which is the at-least-once window.
 */
@ApplicationScoped
public class NotificationOutbox {
    static final String COLLECTION = "notification_outbox";
    private static final Logger LOG = Logger.getLogger(NotificationOutbox.class);

    private final MongoCollection<Document> items;
    private final NotificationLog log;
    private final ObjectMapper json;

    NotificationOutbox(
            MongoClient client,
            @ConfigProperty(name = "quarkus.mongodb.database") String database,
            NotificationLog log,
            ObjectMapper json) {
        this.items = client.getDatabase(database).getCollection(COLLECTION);
        this.log = log;
        this.json = json;
        // The claim: a range on one field, sorted by it (MongoDB serves it from this index).
        items.createIndex(Indexes.ascending("dueAt"));
        items.createIndex(Indexes.ascending("alertIds"));
        // Finishing a claim is a filter on its token alone (unique per claim, removed when the claim is
        // finished), which the embedded store serves from this index; it scans a filter of several fields.
        items.createIndex(
                Indexes.ascending("leaseToken"), new IndexOptions().unique(true).sparse(true));
        long migrated = migrateFinishedItems();
        if (migrated > 0) {
            LOG.infof("moved %d finished outbox items to the notification log", migrated);
        }
    }

    /**
     * Brings items of the layout before ADR 0009 to this one, at start-up: a finished ({@code sent},
     * {@code failed}) item is recorded finished in the log, then deleted; a live one gets its {@code
     * dueAt}. Idempotent, so a crash half-way is finished by the next start.
     *
     * @return how many finished items were moved
     */
    public long migrateFinishedItems() {
        long moved = 0;
        for (Document d : items.find(Filters.exists("dueAt", false))) {
            String status = d.getString("status");
            if (OutboxStatus.SENT.value().equals(status)
                    || OutboxStatus.FAILED.value().equals(status)) {
                Date at = d.getDate(OutboxStatus.SENT.value().equals(status) ? "sentAt" : "failedAt");
                log.recordFinished(d, status, at == null ? d.getDate("createdAt") : at);
                items.deleteOne(Filters.eq("_id", d.get("_id")));
                moved++;
            } else {
                Date dueAt = OutboxStatus.SENDING.value().equals(status)
                        ? d.getDate("leaseUntil")
                        : d.getDate("nextAttemptAt");
                items.updateOne(
                        Filters.eq("_id", d.get("_id")),
                        Updates.set("dueAt", dueAt == null ? d.getDate("createdAt") : dueAt));
            }
        }
        return moved;
    }

    /**
     * Enqueues a notification unless one with its key is waiting or was already delivered (or given up).
     *
     * @return true if inserted, false if it was already there or finished
     */
    public boolean enqueue(PlannedNotification n, Instant now) {
        if (log.isFinished(n.idempotencyKey())) {
            return false;
        }
        try {
            items.insertOne(new Document("_id", n.idempotencyKey())
                    .append("status", OutboxStatus.PENDING.value())
                    .append("receiver", n.integration().receiver())
                    .append("channel", n.integration().channel())
                    .append("integration", n.integration().key())
                    .append("groupKey", n.groupKey())
                    .append("groupId", n.groupId())
                    .append(
                            "alertIds",
                            n.alerts().stream().map(AlertNotice::alertId).toList())
                    .append(
                            "accountIds",
                            n.alerts().stream()
                                    .map(AlertNotice::accountId)
                                    .distinct()
                                    .toList())
                    .append("createdAt", Date.from(now))
                    .append("nextAttemptAt", Date.from(now))
                    .append("dueAt", Date.from(now))
                    .append("attempts", 0)
                    .append("payload", json.writeValueAsString(n)));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notification " + n.idempotencyKey() + " does not serialise", e);
        }
    }

    /**
     * Claims the most overdue item: a pending one whose attempt is due, or a sending one whose lease
     * expired (both: {@code dueAt <= now}). Atomic per document, so two senders never hold the same live
     * lease. An item whose key the log has finished is deleted, not returned.
     */
    public Optional<OutboxItem> claim(Instant now, Duration lease) {
        Date at = Date.from(now);
        while (true) {
            String token = UUID.randomUUID().toString();
            Date until = Date.from(now.plus(lease));
            Document d = items.findOneAndUpdate(
                    Filters.lte("dueAt", at),
                    Updates.combine(
                            Updates.set("status", OutboxStatus.SENDING.value()),
                            Updates.set("leaseUntil", until),
                            Updates.set("dueAt", until),
                            Updates.set("leaseToken", token),
                            Updates.inc("attempts", 1)),
                    new FindOneAndUpdateOptions().sort(new Document("dueAt", 1)).returnDocument(ReturnDocument.AFTER));
            if (d == null) {
                return Optional.empty();
            }
            String key = d.getString("_id");
            if (log.isFinished(key)) {
                // Delivered (or given up) before: its deletion was cut short, or a stale flush re-enqueued it.
                items.deleteOne(Filters.eq("leaseToken", token));
                continue;
            }
            int attempts = d.getInteger("attempts", 1);
            try {
                PlannedNotification n = json.readValue(d.getString("payload"), PlannedNotification.class);
                return Optional.of(new OutboxItem(key, n, d.getDate("createdAt").toInstant(), attempts, token));
            } catch (JsonProcessingException e) {
                // A payload that no longer parses can never be sent: fail it rather than loop on it.
                log.recordFinished(d, OutboxStatus.FAILED.value(), at);
                items.deleteOne(Filters.eq("leaseToken", token));
            }
        }
    }

    /** Whether the claim of {@code item} still holds (no other sender re-claimed it since). */
    public boolean holds(OutboxItem item) {
        return items.countDocuments(Filters.eq("leaseToken", item.leaseToken())) == 1;
    }

    /**
     * Deletes a claimed item once its outcome is in the log; false if the lease was lost (another sender
     * re-claimed it, and will find the outcome in the log).
     */
    public boolean remove(OutboxItem item) {
        return items.deleteOne(Filters.eq("leaseToken", item.leaseToken())).getDeletedCount() == 1;
    }

    /** Puts a claimed item back for a retry at {@code next}, recording why it failed. */
    public boolean reschedule(OutboxItem item, Instant next, String reason, String detail) {
        return items.updateOne(
                                Filters.eq("leaseToken", item.leaseToken()),
                                Updates.combine(
                                        Updates.set("status", OutboxStatus.PENDING.value()),
                                        Updates.set("nextAttemptAt", Date.from(next)),
                                        Updates.set("dueAt", Date.from(next)),
                                        Updates.set("lastReason", reason),
                                        Updates.set("lastError", detail),
                                        Updates.unset("leaseUntil"),
                                        Updates.unset("leaseToken")))
                        .getModifiedCount()
                == 1;
    }

    /** The raw collection, for tests and operators. */
    public MongoCollection<Document> collection() {
        return items;
    }
}
