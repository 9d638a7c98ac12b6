package io.rapport.segmentation.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.rapport.common.event.MembershipChange;
import io.rapport.segmentation.domain.AccountFacts;
import io.rapport.segmentation.domain.SegmentDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.RawBsonDocumentCodec;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * Memberships ({@code memberships}: one document per segment and account, with the sort keys of the
 * member queries), their history ({@code membership_history}: one document per entry or exit, its
 * {@code _id} the deterministic event id, so a replay inserts nothing) and daily sizes
 * ({@code segment_sizes}).
 */
@ApplicationScoped
public class MembershipRepository {
    private final MongoCollection<Document> memberships;
    private final MongoCollection<Document> history;
    private final MongoCollection<Document> sizes;

    MembershipRepository(Collections collections) {
        this.memberships = collections.get(Collections.MEMBERSHIPS);
        this.history = collections.get(Collections.HISTORY);
        this.sizes = collections.get(Collections.SIZES);
    }

    /** One entry or exit to record. */
    public record Change(
            String eventId,
            SegmentDefinition segment,
            String accountId,
            MembershipChange change,
            Instant at,
            long revision,
            String causingEventId,
            Map<String, Object> values) {}

    /** The deterministic id of a change: same segment version, account revision and direction, same id. */
    public static String eventId(String segmentId, int version, String accountId, long revision, MembershipChange c) {
        return "seg-" + segmentId + "-v" + version + "-" + accountId + "-r" + revision + "-" + c.wireName();
    }

    /**
     * The id of a change found by a value-tier back-fill: the cut-offs move without a new score, so the
     * same account at the same revision can leave a tier and later re-enter it; the cut-offs' epoch
     * (how many times they moved) keeps those changes apart, while a re-run of one epoch's back-fill
     * still yields the same ids.
     */
    public static String eventId(
            String segmentId, int version, String accountId, long revision, long tiersEpoch, MembershipChange c) {
        return "seg-" + segmentId + "-v" + version + "-" + accountId + "-r" + revision + "-t" + tiersEpoch + "-"
                + c.wireName();
    }

    public static String membershipId(String segmentId, String accountId) {
        return segmentId + "/" + accountId;
    }

    /**
     * The account's memberships among some segments: segment id to membership document. Looked up by
     * {@code _id} so any store serves it from its primary index.
     */
    public Map<String, Document> ofAccount(String accountId, Collection<String> segmentIds) {
        Map<String, Document> map = new HashMap<>();
        if (segmentIds.isEmpty()) {
            return map;
        }
        List<String> ids =
                segmentIds.stream().map(s -> membershipId(s, accountId)).toList();
        memberships.find(Filters.in("_id", ids)).forEach(d -> map.put(d.getString("segmentId"), d));
        return map;
    }

    /** The members among some accounts of one segment, looked up by {@code _id}. */
    public Set<String> membersAmong(String segmentId, List<String> accountIds) {
        Set<String> members = new HashSet<>();
        List<String> ids =
                accountIds.stream().map(a -> membershipId(segmentId, a)).toList();
        memberships
                .find(Filters.in("_id", ids))
                .projection(Projections.include("accountId"))
                .forEach(d -> members.add(d.getString("accountId")));
        return members;
    }

    /** The upsert that makes or refreshes a membership; since and the entering version are kept. */
    public static WriteModel<Document> upsert(SegmentDefinition segment, AccountFacts facts, Instant now) {
        return new UpdateOneModel<>(
                Filters.eq("_id", membershipId(segment.id(), facts.accountId())),
                Updates.combine(
                        Updates.setOnInsert("segmentId", segment.id()),
                        Updates.setOnInsert("accountId", facts.accountId()),
                        Updates.setOnInsert("since", Date.from(now)),
                        Updates.setOnInsert("definitionVersion", segment.version()),
                        Updates.set("confirmedVersion", segment.version()),
                        Updates.set("revision", facts.revision()),
                        Updates.set("score", facts.score()),
                        Updates.set("predictedValue", facts.predictedValue() == null ? 0.0 : facts.predictedValue()),
                        Updates.set("lastActivity", Date.from(facts.lastActivity())),
                        Updates.set("band", facts.band()),
                        Updates.set("lifecycle", facts.lifecycle()),
                        Updates.set("industry", facts.industry()),
                        Updates.set("region", facts.region()),
                        Updates.set("tier", facts.tier()),
                        Updates.set("owningTeam", facts.owningTeam()),
                        Updates.set("valueTier", facts.valueTier())),
                new UpdateOptions().upsert(true));
    }

    public static WriteModel<Document> remove(String segmentId, String accountId) {
        return new DeleteOneModel<>(Filters.eq("_id", membershipId(segmentId, accountId)));
    }

    /** Applies membership writes in one unordered bulk. */
    public void write(List<WriteModel<Document>> writes) {
        if (!writes.isEmpty()) {
            memberships.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /**
     * Records changes in the history; those already there (a replay) are skipped. Counts the new ones in
     * the day's sizes document.
     *
     * @return the changes that were new
     */
    public List<Change> record(List<Change> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        List<WriteModel<Document>> inserts = new ArrayList<>();
        for (Change c : changes) {
            inserts.add(new InsertOneModel<>(toDocument(c)));
        }
        Set<Integer> duplicates = new HashSet<>();
        try {
            history.bulkWrite(inserts, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                duplicates.add(error.getIndex());
            }
        }
        List<Change> fresh = new ArrayList<>();
        Map<String, int[]> counts = new HashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            if (!duplicates.contains(i)) {
                Change c = changes.get(i);
                fresh.add(c);
                String key = c.segment().id() + "|" + day(c.at());
                counts.computeIfAbsent(key, k -> new int[2])[c.change() == MembershipChange.ENTERED ? 0 : 1]++;
            }
        }
        List<WriteModel<Document>> incs = new ArrayList<>();
        counts.forEach((key, n) -> {
            String[] parts = key.split("\\|", 2);
            incs.add(new UpdateOneModel<>(
                    Filters.eq("_id", key),
                    Updates.combine(
                            Updates.setOnInsert("segmentId", parts[0]),
                            Updates.setOnInsert("date", parts[1]),
                            Updates.inc("entered", n[0]),
                            Updates.inc("left", n[1])),
                    new UpdateOptions().upsert(true)));
        });
        if (!incs.isEmpty()) {
            sizes.bulkWrite(incs, new BulkWriteOptions().ordered(false));
        }
        return fresh;
    }

    /**
     * The history documents with these ids (e.g. every change one score revision could have recorded,
     * to re-publish after a crash), looked up by {@code _id}.
     */
    public List<Document> historyByIds(Collection<String> eventIds) {
        List<Document> list = new ArrayList<>();
        if (!eventIds.isEmpty()) {
            history.find(Filters.in("_id", eventIds)).forEach(list::add);
        }
        return list;
    }

    /**
     * An account's history entries of some score revisions, oldest revision first (then by time):
     * the changes a crash or failure may have left recorded but not applied. Served by the
     * {@code (accountId, at, _id)} index; the revision is checked on the account's entries.
     */
    public List<Document> historyOfRevisions(String accountId, Collection<Long> revisions) {
        List<Document> list = new ArrayList<>();
        if (!revisions.isEmpty()) {
            history.find(Filters.and(Filters.eq("accountId", accountId), Filters.in("revision", revisions)))
                    .sort(Sorts.ascending("revision", "at", "_id"))
                    .forEach(list::add);
        }
        return list;
    }

    /** Records today's size of a segment in the daily series. */
    public void snapshotSize(String segmentId, Instant now) {
        long size = size(segmentId);
        String date = day(now);
        sizes.updateOne(
                Filters.eq("_id", segmentId + "|" + date),
                Updates.combine(
                        Updates.setOnInsert("segmentId", segmentId),
                        Updates.setOnInsert("date", date),
                        Updates.set("size", size),
                        Updates.set("measuredAt", Date.from(now))),
                new UpdateOptions().upsert(true));
    }

    /** Current number of members (counted on the (segmentId, accountId) index). */
    public long size(String segmentId) {
        return memberships.countDocuments(Filters.eq("segmentId", segmentId));
    }

    /** The daily series of a segment between two dates (inclusive), oldest first. */
    public List<Document> sizes(String segmentId, LocalDate from, LocalDate to) {
        List<Document> list = new ArrayList<>();
        sizes.find(Filters.and(
                        Filters.eq("segmentId", segmentId),
                        Filters.gte("date", from.toString()),
                        Filters.lte("date", to.toString())))
                .sort(Sorts.ascending("date"))
                .forEach(list::add);
        return list;
    }

    /** A page of members sorted by one key with the account id as tie-breaker, after a cursor. */
    public List<Document> page(String segmentId, MemberQuery q) {
        return pageQuery(segmentId, q).into(new ArrayList<>());
    }

    /**
     * The query of a page: equality on segmentId, the keyset condition after the cursor (with the sort
     * key's bound spelled out so MongoDB sets tight bounds on the (segmentId, field, accountId) index),
     * the sort of that index and a limit.
     */
    FindIterable<Document> pageQuery(String segmentId, MemberQuery q) {
        List<Bson> and = new ArrayList<>();
        and.add(Filters.eq("segmentId", segmentId));
        and.addAll(q.filters());
        String field = q.sort().field();
        if (q.after() != null) {
            Object v = q.after().value();
            String a = q.after().accountId();
            and.add(q.descending() ? Filters.lte(field, v) : Filters.gte(field, v));
            and.add(
                    q.descending()
                            ? Filters.or(
                                    Filters.lt(field, v), Filters.and(Filters.eq(field, v), Filters.lt("accountId", a)))
                            : Filters.or(
                                    Filters.gt(field, v),
                                    Filters.and(Filters.eq(field, v), Filters.gt("accountId", a))));
        }
        // segmentId is an equality, so MongoDB walks the (segmentId, field, accountId) index for this
        // sort; leaving it out of the sort spares the embedded store a comparison per pair.
        Bson sort = q.descending() ? Sorts.descending(field, "accountId") : Sorts.ascending(field, "accountId");
        return memberships.find(Filters.and(and)).sort(sort).limit(q.limit());
    }

    /**
     * All members of a segment in account order, streamed from a cursor. With the equality on segmentId,
     * MongoDB walks the (segmentId, accountId) index for this order instead of sorting.
     */
    public FindIterable<Document> stream(String segmentId, List<Bson> filters, int batchSize) {
        List<Bson> and = new ArrayList<>();
        and.add(Filters.eq("segmentId", segmentId));
        and.addAll(filters);
        return memberships
                .find(and.size() == 1 ? and.get(0) : Filters.and(and))
                .sort(Sorts.ascending("accountId"))
                .projection(Projections.exclude("_id"))
                .batchSize(batchSize);
    }

    /**
     * All members of a segment in account order, streamed from a cursor (export), each as its raw BSON
     * (only the export's columns are fetched): the driver copies each document's bytes and decodes nothing,
     * {@link ExportLineEncoder} writes the line straight from them. With the equality on segmentId, MongoDB
     * walks the (segmentId, accountId) index for this order instead of sorting.
     */
    public FindIterable<RawBsonDocument> export(
            String segmentId, List<Bson> filters, List<String> columns, int batchSize) {
        List<Bson> and = new ArrayList<>();
        and.add(Filters.eq("segmentId", segmentId));
        and.addAll(filters);
        return memberships
                .withCodecRegistry(CodecRegistries.fromRegistries(
                        CodecRegistries.fromCodecs(new RawBsonDocumentCodec()), memberships.getCodecRegistry()))
                .find(and.size() == 1 ? and.get(0) : Filters.and(and), RawBsonDocument.class)
                .sort(Sorts.ascending("accountId"))
                .projection(Projections.fields(Projections.include(columns), Projections.excludeId()))
                .batchSize(batchSize);
    }

    /** The codecs of the memberships collection (the export's reference rows decode with them). */
    public CodecRegistry codecs() {
        return memberships.getCodecRegistry();
    }

    /** Segments of an account. */
    public List<Document> segmentsOf(String accountId) {
        List<Document> list = new ArrayList<>();
        memberships
                .find(Filters.eq("accountId", accountId))
                .sort(Sorts.ascending("segmentId"))
                .projection(Projections.exclude("_id"))
                .forEach(list::add);
        return list;
    }

    /** Entries and exits of a segment in [from, to), after a cursor, oldest first. */
    public List<Document> history(String segmentId, Instant from, Instant to, Document after, int limit) {
        return historyQuery(segmentId, from, to, after, limit).into(new ArrayList<>());
    }

    FindIterable<Document> historyQuery(String segmentId, Instant from, Instant to, Document after, int limit) {
        List<Bson> and = new ArrayList<>();
        and.add(Filters.eq("segmentId", segmentId));
        and.add(Filters.gte("at", Date.from(from)));
        and.add(Filters.lt("at", Date.from(to)));
        if (after != null) {
            and.add(Filters.or(
                    Filters.gt("at", after.getDate("at")),
                    Filters.and(Filters.eq("at", after.getDate("at")), Filters.gt("_id", after.getString("_id")))));
        }
        return history.find(Filters.and(and)).sort(Sorts.ascending("at", "_id")).limit(limit);
    }

    /**
     * One account's entries and exits in [from, to) (either bound may be null), optionally of one
     * segment, newest first, after a cursor.
     */
    public List<Document> accountHistory(
            String accountId, String segmentId, Instant from, Instant to, Document after, int limit) {
        return accountHistoryQuery(accountId, segmentId, from, to, after, limit).into(new ArrayList<>());
    }

    /**
     * The query of an account's history page: equality on accountId, a range on at and the sort
     * (at, _id) descending, so MongoDB walks the (accountId, at, _id) index backwards and stops at the
     * limit; _id (the event id) is the unique tie-breaker that keeps the cursor stable. The segment
     * filter is checked on the fetched documents (an account has few history entries per time range).
     */
    FindIterable<Document> accountHistoryQuery(
            String accountId, String segmentId, Instant from, Instant to, Document after, int limit) {
        List<Bson> and = new ArrayList<>();
        and.add(Filters.eq("accountId", accountId));
        if (from != null) {
            and.add(Filters.gte("at", Date.from(from)));
        }
        if (to != null) {
            and.add(Filters.lt("at", Date.from(to)));
        }
        if (after != null) {
            Date at = after.getDate("at");
            // the bound spelled out beside the $or, so MongoDB sets tight bounds on the index
            and.add(Filters.lte("at", at));
            and.add(Filters.or(
                    Filters.lt("at", at),
                    Filters.and(Filters.eq("at", at), Filters.lt("_id", after.getString("_id")))));
        }
        if (segmentId != null) {
            and.add(Filters.eq("segmentId", segmentId));
        }
        return history.find(Filters.and(and))
                .sort(Sorts.descending("at", "_id"))
                .limit(limit);
    }

    /** Number of accounts in both segments: the smaller is walked in batches, the larger probed by index. */
    public long overlap(String a, String b) {
        long sizeA = size(a);
        long sizeB = size(b);
        String small = sizeA <= sizeB ? a : b;
        String large = small.equals(a) ? b : a;
        long both = 0;
        List<String> batch = new ArrayList<>(1000);
        for (Document d : memberships
                .find(Filters.eq("segmentId", small))
                .sort(Sorts.ascending("accountId"))
                .projection(Projections.include("accountId"))
                .batchSize(1000)) {
            batch.add(d.getString("accountId"));
            if (batch.size() == 1000) {
                both += count(large, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            both += count(large, batch);
        }
        return both;
    }

    /** Removes the memberships of these accounts in one segment (by {@code _id}). */
    public void removeAll(String segmentId, List<String> accountIds) {
        if (!accountIds.isEmpty()) {
            memberships.deleteMany(Filters.in(
                    "_id",
                    accountIds.stream().map(a -> membershipId(segmentId, a)).toList()));
        }
    }

    private long count(String segmentId, List<String> accountIds) {
        return memberships.countDocuments(
                Filters.and(Filters.eq("segmentId", segmentId), Filters.in("accountId", accountIds)));
    }

    static Document toDocument(Change c) {
        return new Document("_id", c.eventId())
                .append("segmentId", c.segment().id())
                .append("segmentName", c.segment().name())
                .append("accountId", c.accountId())
                .append("change", c.change().wireName())
                .append("at", Date.from(c.at()))
                .append("definitionVersion", c.segment().version())
                .append("revision", c.revision())
                .append("causingEventId", c.causingEventId())
                .append("values", new Document(c.values()));
    }

    public static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }
}
