package io.rapport.segmentation.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.rapport.segmentation.domain.SegmentDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Segment definitions ({@code segment_definitions}, {@code _id} = segment id) and every version of each
 * ({@code segment_definition_versions}, unique (segmentId, version)).
 */
@ApplicationScoped
public class DefinitionRepository {
    private static final String DELETING = "deleting";

    private final MongoCollection<Document> definitions;
    private final MongoCollection<Document> versions;

    DefinitionRepository(Collections collections) {
        this.definitions = collections.get(Collections.DEFINITIONS);
        this.versions = collections.get(Collections.DEFINITION_VERSIONS);
    }

    /**
     * Inserts a new definition.
     *
     * @return false if one with this id exists
     */
    public boolean insert(SegmentDefinition definition) {
        try {
            definitions.insertOne(toDocument(definition));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
        recordVersion(definition);
        return true;
    }

    /** Replaces a definition (a new version, or the same version renamed). */
    public void update(SegmentDefinition definition) {
        definitions.replaceOne(
                Filters.eq("_id", definition.id()), toDocument(definition), new ReplaceOptions().upsert(true));
        recordVersion(definition);
    }

    /**
     * Records the attributes a definition's expression reads, if it is still at this version (for
     * definitions stored before the attributes were; its current version document gets them too).
     */
    public void setAttributes(String id, int version, Set<String> attributes) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(attributes));
        definitions.updateOne(
                Filters.and(Filters.eq("_id", id), Filters.eq("version", version)), Updates.set("attributes", sorted));
        versions.updateOne(Filters.eq("_id", id + "@" + version), Updates.set("attributes", sorted));
    }

    public void delete(String id) {
        definitions.deleteOne(Filters.eq("_id", id));
    }

    /**
     * Marks a definition as being deleted: it stops being evaluated and listed at once, while its
     * members are walked out in the background; the document itself goes when they all left.
     */
    public void markDeleting(String id, Instant at) {
        definitions.updateOne(
                Filters.eq("_id", id),
                Updates.combine(Updates.set(DELETING, true), Updates.set("deletingSince", date(at))));
    }

    /** A live definition (not one being deleted). */
    public Optional<SegmentDefinition> find(String id) {
        return Optional.ofNullable(definitions.find(Filters.eq("_id", id)).first())
                .filter(d -> !Boolean.TRUE.equals(d.getBoolean(DELETING)))
                .map(DefinitionRepository::toDomain);
    }

    /** Whether a definition with this id is still being deleted. */
    public boolean isDeleting(String id) {
        Document d = definitions.find(Filters.eq("_id", id)).first();
        return d != null && Boolean.TRUE.equals(d.getBoolean(DELETING));
    }

    /** Every live definition, by id. */
    public List<SegmentDefinition> all() {
        return list(Filters.ne(DELETING, true));
    }

    /** The definitions whose deletion has not finished (to resume after a restart). */
    public List<SegmentDefinition> deleting() {
        return list(Filters.eq(DELETING, true));
    }

    /**
     * The version a new definition with this id starts at: after every version a deleted segment of
     * the same id had, so history and event ids (which carry the version) never collide with its.
     */
    public int firstVersion(String id) {
        Document last = versions.find(Filters.eq("segmentId", id))
                .sort(Sorts.descending("segmentId", "version"))
                .limit(1)
                .first();
        return last == null ? 1 : last.getInteger("version") + 1;
    }

    private List<SegmentDefinition> list(Bson filter) {
        List<SegmentDefinition> list = new ArrayList<>();
        definitions.find(filter).sort(Sorts.ascending("_id")).forEach(d -> list.add(toDomain(d)));
        return list;
    }

    /** Every version of one definition, oldest first. */
    public List<Document> versions(String id) {
        List<Document> list = new ArrayList<>();
        versions.find(Filters.eq("segmentId", id))
                .sort(Sorts.ascending("segmentId", "version"))
                .projection(new Document("_id", 0))
                .forEach(list::add);
        return list;
    }

    private void recordVersion(SegmentDefinition d) {
        Document doc = toDocument(d);
        doc.put("_id", d.id() + "@" + d.version());
        doc.put("segmentId", d.id());
        versions.replaceOne(Filters.eq("_id", doc.get("_id")), doc, new ReplaceOptions().upsert(true));
    }

    static Document toDocument(SegmentDefinition d) {
        return new Document("_id", d.id())
                .append("name", d.name())
                .append("description", d.description())
                .append("expression", d.expression())
                .append("version", d.version())
                .append("builtIn", d.builtIn())
                .append("createdBy", d.createdBy())
                .append("createdAt", date(d.createdAt()))
                .append("updatedAt", date(d.updatedAt()))
                .append("attributes", d.attributes() == null ? null : new ArrayList<>(new TreeSet<>(d.attributes())));
    }

    static SegmentDefinition toDomain(Document d) {
        return new SegmentDefinition(
                d.getString("_id"),
                d.getString("name"),
                d.getString("description"),
                d.getString("expression"),
                d.getInteger("version"),
                Boolean.TRUE.equals(d.getBoolean("builtIn")),
                d.getString("createdBy"),
                instant(d.getDate("createdAt")),
                instant(d.getDate("updatedAt")),
                d.containsKey("attributes") && d.get("attributes") != null
                        ? Set.copyOf(d.getList("attributes", String.class))
                        : null);
    }

    static Date date(Instant i) {
        return i == null ? null : Date.from(i);
    }

    static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
