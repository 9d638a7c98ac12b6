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

/**
 * The persistent outbox ({@code notification_outbox}): one document per planned notification,
 * {@code _id} = its idempotency key, so planning the same flush again (after a crash) inserts
 * nothing. Senders claim due items with a lease by a single {@code findOneAndUpdate}; a claim whose
 * lease expired (the sender died) is claimed again, which is the at-least-once window.
 */
@ApplicationScoped
public class NotificationOutbox {
    static final String COLLECTION = "notification_outbox";

    private final MongoCollection<Document> items;
    private final ObjectMapper json;

    NotificationOutbox(
            MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database, ObjectMapper json) {
        this.items = client.getDatabase(database).getCollection(COLLECTION);
        this.json = json;
        items.createIndex(Indexes.ascending("status", "nextAttemptAt"));
        items.createIndex(Indexes.ascending("alertIds"));
        // Finishing a claim is a filter on its token alone (unique per claim, removed when the claim is
        // finished), which the embedded store serves from this index; it scans a filter of several fields.
        items.createIndex(
                Indexes.ascending("leaseToken"), new IndexOptions().unique(true).sparse(true));
    }

    /**
     * Enqueues a notification unless one with its key exists.
     *
     * @return true if inserted, false if it was already there
     */
    public boolean enqueue(PlannedNotification n, Instant now) {
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
     * Claims the most overdue item: a pending one whose attempt is due, or a sending one whose
     * lease expired. Atomic per document, so two senders never hold the same live lease.
     */
    public Optional<OutboxItem> claim(Instant now, Duration lease) {
        Date at = Date.from(now);
        String token = UUID.randomUUID().toString();
        Document d = items.findOneAndUpdate(
                Filters.or(
                        Filters.and(
                                Filters.eq("status", OutboxStatus.PENDING.value()), Filters.lte("nextAttemptAt", at)),
                        Filters.and(Filters.eq("status", OutboxStatus.SENDING.value()), Filters.lt("leaseUntil", at))),
                Updates.combine(
                        Updates.set("status", OutboxStatus.SENDING.value()),
                        Updates.set("leaseUntil", Date.from(now.plus(lease))),
                        Updates.set("leaseToken", token),
                        Updates.inc("attempts", 1)),
                new FindOneAndUpdateOptions()
                        .sort(new Document("nextAttemptAt", 1))
                        .returnDocument(ReturnDocument.AFTER));
        if (d == null) {
            return Optional.empty();
        }
        try {
            PlannedNotification n = json.readValue(d.getString("payload"), PlannedNotification.class);
            return Optional.of(new OutboxItem(
                    d.getString("_id"), n, d.getDate("createdAt").toInstant(), d.getInteger("attempts", 1), token));
        } catch (JsonProcessingException e) {
            // A payload that no longer parses can never be sent: fail it rather than loop on it.
            items.updateOne(
                    Filters.eq("_id", d.getString("_id")),
                    Updates.combine(
                            Updates.set("status", OutboxStatus.FAILED.value()),
                            Updates.set("lastError", "payload does not parse")));
            return Optional.empty();
        }
    }

    /** Marks a claimed item sent; false if the lease was lost (another sender re-claimed it). */
    public boolean markSent(OutboxItem item, Instant now) {
        return finish(
                item,
                Updates.combine(
                        Updates.set("status", OutboxStatus.SENT.value()),
                        Updates.set("sentAt", Date.from(now)),
                        Updates.unset("leaseUntil")));
    }

    /** Puts a claimed item back for a retry at {@code next}, recording why it failed. */
    public boolean reschedule(OutboxItem item, Instant next, String reason, String detail) {
        return finish(
                item,
                Updates.combine(
                        Updates.set("status", OutboxStatus.PENDING.value()),
                        Updates.set("nextAttemptAt", Date.from(next)),
                        Updates.set("lastReason", reason),
                        Updates.set("lastError", detail),
                        Updates.unset("leaseUntil")));
    }

    /** Gives a claimed item up as failed. */
    public boolean markFailed(OutboxItem item, Instant now, String reason, String detail) {
        return finish(
                item,
                Updates.combine(
                        Updates.set("status", OutboxStatus.FAILED.value()),
                        Updates.set("failedAt", Date.from(now)),
                        Updates.set("lastReason", reason),
                        Updates.set("lastError", detail),
                        Updates.unset("leaseUntil")));
    }

    /** Deletes sent and failed items finished before {@code before}; the notification log keeps them. */
    public long purgeFinished(Instant before) {
        Date at = Date.from(before);
        return items.deleteMany(Filters.or(
                        Filters.and(Filters.eq("status", OutboxStatus.SENT.value()), Filters.lt("sentAt", at)),
                        Filters.and(Filters.eq("status", OutboxStatus.FAILED.value()), Filters.lt("failedAt", at))))
                .getDeletedCount();
    }

    /** The raw collection, for tests and operators. */
    public MongoCollection<Document> collection() {
        return items;
    }

    /**
     * Applies a claim's outcome if the claim still holds: the token is set by the claim and removed by
     * its outcome, so a token still stored means this item, still sending, under this very lease.
     */
    private boolean finish(OutboxItem item, org.bson.conversions.Bson update) {
        return items.updateOne(
                                Filters.eq("leaseToken", item.leaseToken()),
                                Updates.combine(update, Updates.unset("leaseToken")))
                        .getModifiedCount()
                == 1;
    }
}
