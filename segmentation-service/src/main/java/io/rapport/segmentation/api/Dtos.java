package io.rapport.segmentation.api;

import io.rapport.segmentation.domain.SegmentDefinition;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the segmentation API. */
public final class Dtos {
    private Dtos() {}

    /** A definition to create or the new state of one to update. */
    @Schema(
            description = "A segment definition: a CEL expression over account facts",
            example = "{\"id\":\"dach-logistics-at-risk\",\"name\":\"DACH logistics at risk\","
                    + "\"description\":\"Logistics accounts in DACH whose score fell\","
                    + "\"expression\":\"industry == 'logistics' && region == 'DACH' && scoreChange30d <= -10.0\"}")
    public record DefinitionRequest(
            @Size(max = 64) @Pattern(regexp = "[a-z0-9][a-z0-9-]*", message = "lower-case letters, digits and '-'")
            String id,

            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description,
            @NotBlank @Size(max = 4096) String expression) {}

    /** A definition with its current size and latest back-fill. */
    public record DefinitionView(
            String id,
            String name,
            String description,
            String expression,
            int version,
            boolean builtIn,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            Long size,
            Map<String, Object> backfill) {

        static DefinitionView of(SegmentDefinition d, Long size, Document backfill) {
            return new DefinitionView(
                    d.id(),
                    d.name(),
                    d.description(),
                    d.expression(),
                    d.version(),
                    d.builtIn(),
                    d.createdBy(),
                    d.createdAt(),
                    d.updatedAt(),
                    size,
                    backfill == null ? null : progress(backfill));
        }
    }

    /** One member of a segment, with the values it is sorted and filtered by. */
    public record Member(
            String accountId,
            double score,
            String band,
            String lifecycle,
            double predictedValue,
            String valueTier,
            Instant lastActivity,
            String industry,
            String region,
            String tier,
            String owningTeam,
            Instant since,
            Integer definitionVersion,
            Integer confirmedVersion) {

        static Member of(Document d) {
            return new Member(
                    d.getString("accountId"),
                    num(d, "score"),
                    d.getString("band"),
                    d.getString("lifecycle"),
                    num(d, "predictedValue"),
                    d.getString("valueTier"),
                    instant(d.getDate("lastActivity")),
                    d.getString("industry"),
                    d.getString("region"),
                    d.getString("tier"),
                    d.getString("owningTeam"),
                    instant(d.getDate("since")),
                    d.getInteger("definitionVersion"),
                    d.getInteger("confirmedVersion"));
        }
    }

    /** A page of members and the cursor of the next one (null on the last page). */
    public record MemberPage(String segmentId, String sort, String order, List<Member> members, String nextCursor) {}

    /** One account's membership of a segment. */
    public record AccountSegment(String segmentId, String name, Instant since, Integer definitionVersion) {}

    /** One entry or exit. */
    public record HistoryEntry(
            String eventId,
            String segmentId,
            String accountId,
            String change,
            Instant at,
            Integer definitionVersion,
            Long revision,
            String causingEventId,
            Map<String, Object> values) {

        static HistoryEntry of(Document h) {
            Document values = h.get("values", Document.class);
            return new HistoryEntry(
                    h.getString("_id"),
                    h.getString("segmentId"),
                    h.getString("accountId"),
                    h.getString("change"),
                    instant(h.getDate("at")),
                    h.getInteger("definitionVersion"),
                    h.get("revision", Number.class) == null
                            ? null
                            : h.get("revision", Number.class).longValue(),
                    h.getString("causingEventId"),
                    values);
        }
    }

    /** Entries and exits between two times. */
    public record HistoryPage(
            String segmentId, Instant from, Instant to, List<HistoryEntry> changes, String nextCursor) {}

    /** One account's entries and exits, newest first (null bounds and filter: none given). */
    @Schema(
            description = "One account's segment entries and exits, newest first",
            example = "{\"accountId\":\"acc-4711\",\"segmentId\":null,\"from\":\"2026-03-01T00:00:00Z\",\"to\":null,"
                    + "\"changes\":[{\"eventId\":\"seg-rfm-at-risk-v1-acc-4711-r42-entered\",\"segmentId\":\"rfm-at-risk\","
                    + "\"accountId\":\"acc-4711\",\"change\":\"entered\",\"at\":\"2026-03-12T09:14:03Z\","
                    + "\"definitionVersion\":1,\"revision\":42,\"causingEventId\":\"score-acc-4711-r42\","
                    + "\"values\":{\"revision\":42,\"score\":38.5,\"band\":\"at_risk\",\"rfm\":\"233\","
                    + "\"valueTier\":\"core\",\"scoreChange30d\":-17.0}}],"
                    + "\"nextCursor\":\"MTc3MzMwNjg0MzAwMApzZWctcmZtLWF0LXJpc2stdjEtYWNjLTQ3MTEtcjQyLWVudGVyZWQ\"}")
    public record AccountHistoryPage(
            String accountId,
            String segmentId,
            Instant from,
            Instant to,
            List<HistoryEntry> changes,
            String nextCursor) {}

    /** One day of a segment's size series. */
    public record SizePoint(String date, Long size, long entered, long left) {}

    /** The size series. */
    public record SizeSeries(String segmentId, long currentSize, List<SizePoint> days) {}

    /** How much two segments overlap. */
    public record Overlap(String segmentA, String segmentB, long sizeA, long sizeB, long both, double jaccard) {}

    static Map<String, Object> progress(Document job) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (String key : List.of(
                "segmentId",
                "version",
                "kind",
                "reason",
                "tiersEpoch",
                "state",
                "done",
                "total",
                "entered",
                "left",
                "ratePerSecond",
                "etaSeconds",
                "error")) {
            if (job.get(key) != null) {
                m.put(key, job.get(key));
            }
        }
        for (String key : List.of("requestedAt", "resumedAt", "startedAt", "updatedAt", "finishedAt")) {
            if (job.getDate(key) != null) {
                m.put(key, job.getDate(key).toInstant());
            }
        }
        return m;
    }

    static double num(Document d, String key) {
        Number n = d.get(key, Number.class);
        return n == null ? 0.0 : n.doubleValue();
    }

    static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
