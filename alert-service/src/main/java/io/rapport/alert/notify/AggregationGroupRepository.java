package io.rapport.alert.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import io.rapport.alert.domain.dispatch.AggregationGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Aggregation groups in {@code alert_groups}, one document per group ({@code _id} = group key
 * hash). The group's state is a JSON field; {@code nextFlushAt}, {@code firingLabels} and {@code
 * alertIds} are copied out for queries. Writes are single-document with an optimistic {@code
 * version} guard, as the embedded store has no transactions.
 *
 * <p>Which groups are due comes from a {@link GroupSchedule} in memory, not from a range query on the
 * store (which the embedded store answers by reading every group): it is loaded from the store at
 * start-up, lowered after every write this process stores, corrected by {@code _id} reads when it
 * proves early, and topped up from the store every {@code due-resync} with the groups due then, which
 * covers groups that another replica wrote (ADR 0009).
 */
@ApplicationScoped
public class AggregationGroupRepository {
    static final String COLLECTION = "alert_groups";

    private final MongoCollection<Document> groups;
    private final ObjectMapper json;
    private final GroupSchedule schedule;

    /** A due group as read from the store, with the schedule entry that named it. */
    public record DueGroup(AggregationGroup group, GroupSchedule.Entry entry) {}

    AggregationGroupRepository(
            MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database, ObjectMapper json) {
        this.groups = client.getDatabase(database).getCollection(COLLECTION);
        this.json = json;
        groups.createIndex(Indexes.ascending("nextFlushAt"));
        groups.createIndex(Indexes.ascending("alertIds"));
        // Groups stored before versionKey existed get it, then the index that serves the version guard.
        groups.find(Filters.exists("versionKey", false))
                .projection(new Document("version", 1))
                .forEach(d -> groups.updateOne(
                        Filters.eq("_id", d.get("_id")),
                        Updates.set(
                                "versionKey",
                                versionKey(d.getString("_id"), ((Number) d.get("version")).longValue()))));
        groups.createIndex(
                Indexes.ascending("versionKey"), new IndexOptions().unique(true).sparse(true));
        this.schedule = loadSchedule();
    }

    /**
     * A schedule of every stored group, as start-up builds it (one read of the collection); tests
     * compare it with the live one to see what a restarted process would schedule.
     */
    public GroupSchedule loadSchedule() {
        GroupSchedule loaded = new GroupSchedule();
        groups.find()
                .projection(Projections.include("nextFlushAt"))
                .forEach(d -> loaded.offer(
                        d.getString("_id"), d.getDate("nextFlushAt").toInstant()));
        return loaded;
    }

    /**
     * Adds the groups the store has due at {@code now} to the schedule (groups another replica wrote, or
     * a replica that stopped left behind); on MongoDB a range read of the {@code nextFlushAt} index.
     *
     * @return how many groups the store had due
     */
    public int resyncSchedule(Instant now) {
        int[] n = {0};
        groups.find(Filters.lte("nextFlushAt", Date.from(now)))
                .projection(Projections.include("nextFlushAt"))
                .forEach(d -> {
                    schedule.offer(d.getString("_id"), d.getDate("nextFlushAt").toInstant());
                    n[0]++;
                });
        return n[0];
    }

    /** The in-memory schedule of due groups (tests and operators). */
    public GroupSchedule schedule() {
        return schedule;
    }

    /**
     * A group's id and version as one value: "this group at this version" is then a filter on one
     * uniquely indexed field, which MongoDB and the embedded store both serve from the index (the
     * embedded store scans for a filter of two fields).
     */
    static String versionKey(String id, long version) {
        return id + "@" + version;
    }

    public Optional<AggregationGroup> find(String id) {
        return Optional.ofNullable(groups.find(Filters.eq("_id", id)).first()).map(this::toDomain);
    }

    /** The groups an alert is in now (one per route it matched). */
    public List<AggregationGroup> containing(String alertId) {
        List<AggregationGroup> out = new ArrayList<>();
        groups.find(Filters.eq("alertIds", alertId)).forEach(d -> out.add(toDomain(d)));
        return out;
    }

    /**
     * Groups due for evaluation at {@code now}, earliest first: the schedule's candidates read from the
     * store by {@code _id}; a candidate the store has not due (flushed since, or deleted) is corrected in
     * the schedule and left out.
     */
    public List<DueGroup> due(Instant now, int limit) {
        GroupSchedule s = schedule;
        Map<String, DueGroup> accepted = new LinkedHashMap<>();
        // Each round either accepts candidates or moves spurious ones out of the way; a few are plenty.
        for (int round = 0; round < 8 && accepted.size() < limit; round++) {
            List<GroupSchedule.Entry> candidates = s.due(now, limit + accepted.size()).stream()
                    .filter(e -> !accepted.containsKey(e.id()))
                    .toList();
            if (candidates.isEmpty()) {
                break;
            }
            Map<String, AggregationGroup> stored = new HashMap<>();
            groups.find(Filters.in(
                            "_id",
                            candidates.stream().map(GroupSchedule.Entry::id).toList()))
                    .forEach(d -> stored.put(d.getString("_id"), toDomain(d)));
            for (GroupSchedule.Entry e : candidates) {
                AggregationGroup g = stored.get(e.id());
                if (g == null) {
                    s.replace(e, null);
                } else if (!g.dueAt(now)) {
                    s.replace(e, g.nextFlushAt());
                } else if (accepted.size() < limit) {
                    accepted.put(e.id(), new DueGroup(g, e));
                }
            }
        }
        List<DueGroup> out = new ArrayList<>(accepted.values());
        out.sort(Comparator.comparing((DueGroup d) -> d.group().nextFlushAt()));
        return out;
    }

    /** Label sets of every firing alert of every group, the source side of inhibition. */
    @SuppressWarnings("unchecked")
    public List<Map<String, String>> firingLabels() {
        List<Map<String, String>> out = new ArrayList<>();
        groups.find().projection(Projections.include("firingLabels")).forEach(d -> {
            List<Document> labels = d.getList("firingLabels", Document.class, List.of());
            for (Document l : labels) {
                Map<String, String> m = new java.util.TreeMap<>();
                l.forEach((k, v) -> m.put(k, String.valueOf(v)));
                out.add(m);
            }
        });
        return out;
    }

    /**
     * Inserts a new group (version 0 → 1) or replaces {@code group} if the stored version is still
     * {@code group.version()}; false when another writer got there first.
     */
    public boolean save(AggregationGroup group) {
        return save(group, null);
    }

    /**
     * {@link #save(AggregationGroup)} by the flush of {@code flushed} (null: not from the schedule): the
     * schedule entry that named the group moves to the stored next flush time, unless another write
     * touched it since; then the earlier of the two is kept, and corrected when read.
     */
    public boolean save(AggregationGroup group, DueGroup flushed) {
        Document doc = toDocument(group, group.version() + 1);
        if (group.version() == 0) {
            try {
                groups.insertOne(doc);
                scheduleStored(group, flushed);
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        boolean saved = groups.replaceOne(Filters.eq("versionKey", versionKey(group.id(), group.version())), doc)
                        .getModifiedCount()
                == 1;
        if (saved) {
            scheduleStored(group, flushed);
        }
        return saved;
    }

    /** After a stored write, never before: the schedule must not hold a time later than the store's. */
    private void scheduleStored(AggregationGroup group, DueGroup flushed) {
        if (flushed == null || !schedule.replace(flushed.entry(), group.nextFlushAt())) {
            schedule.offer(group.id(), group.nextFlushAt());
        }
    }

    /** Deletes the group if it is still at {@code version}. */
    public boolean delete(AggregationGroup group) {
        return delete(group, null);
    }

    /**
     * {@link #delete(AggregationGroup)} by the flush of {@code flushed}: its schedule entry goes too,
     * unless a write (say, the group created again) touched it since.
     */
    public boolean delete(AggregationGroup group, DueGroup flushed) {
        boolean deleted = groups.deleteOne(Filters.eq("versionKey", versionKey(group.id(), group.version())))
                        .getDeletedCount()
                == 1;
        if (deleted && flushed != null) {
            schedule.replace(flushed.entry(), null);
        }
        return deleted;
    }

    /** Test support and administration: the raw collection. */
    public MongoCollection<Document> collection() {
        return groups;
    }

    private Document toDocument(AggregationGroup g, long version) {
        try {
            List<Document> firing = g.firingLabels().stream()
                    .map(l -> new Document(new java.util.TreeMap<String, Object>(l)))
                    .toList();
            return new Document("_id", g.id())
                    .append("groupKey", g.groupKey())
                    .append("receiver", g.receiver())
                    .append("nextFlushAt", Date.from(g.nextFlushAt()))
                    .append("version", version)
                    .append("versionKey", versionKey(g.id(), version))
                    .append(
                            "alertIds",
                            g.alerts().stream().map(a -> a.alert().alertId()).toList())
                    .append("firingLabels", firing)
                    .append("state", json.writeValueAsString(g));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("group " + g.groupKey() + " does not serialise", e);
        }
    }

    private AggregationGroup toDomain(Document d) {
        try {
            AggregationGroup g = json.readValue(d.getString("state"), AggregationGroup.class);
            long version = ((Number) d.get("version")).longValue();
            return new AggregationGroup(
                    g.id(),
                    g.groupKey(),
                    g.routeId(),
                    g.receiver(),
                    g.groupLabels(),
                    g.groupWait(),
                    g.groupInterval(),
                    g.repeatInterval(),
                    g.muteTimeIntervals(),
                    g.activeTimeIntervals(),
                    g.alerts(),
                    g.notified(),
                    g.createdAt(),
                    g.nextFlushAt(),
                    g.lastFlushAt(),
                    version);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored group " + d.get("_id") + " no longer parses", e);
        }
    }
}
