package io.rapport.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.common.event.EventType;
import io.rapport.ingest.domain.IngestReport;
import io.rapport.ingest.domain.Rejection;
import io.rapport.ingest.domain.Submission;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps CloudEvents 1.0 in structured JSON mode onto the contracts: {@code id} → eventId, {@code
 * source}, {@code type} ({@code io.rapport.<type>.v1} or the bare type), {@code subject} → accountId
 * (or {@code data.accountId}), {@code time} → occurredAt, {@code data} → the type's own fields. Errors
 * name the CloudEvents attribute ({@code time}, {@code data.amount}, ...).
 */
@ApplicationScoped
public class CloudEventReader {
    /** Prefix and suffix of the namespaced CloudEvents type, e.g. {@code io.rapport.meeting.v1}. */
    static final String TYPE_PREFIX = "io.rapport.";

    static final String TYPE_SUFFIX = ".v1";

    private final EventSubmissionReader reader;

    CloudEventReader(EventSubmissionReader reader) {
        this.reader = reader;
    }

    /** Reads the CloudEvent at {@code index} of a request. */
    Submission read(int index, JsonNode node) {
        if (node == null || !node.isObject()) {
            return Submission.rejected(index, List.of(new Rejection(index, "", "a CloudEvent must be a JSON object")));
        }
        List<Rejection> errors = new ArrayList<>();
        JsonNode specversion = node.get("specversion");
        if (specversion == null || specversion.isNull()) {
            errors.add(new Rejection(index, "specversion", "is required"));
        } else if (!specversion.isTextual() || !"1.0".equals(specversion.asText())) {
            errors.add(new Rejection(index, "specversion", "must be \"1.0\""));
        }
        requireString(node, "id", index, errors);
        requireString(node, "source", index, errors);
        requireString(node, "time", index, errors);
        String wireName = null;
        JsonNode type = node.get("type");
        if (requireString(node, "type", index, errors)) {
            Optional<String> known = wireName(type.asText());
            if (known.isEmpty()) {
                errors.add(new Rejection(
                        index,
                        "type",
                        "unknown event type '" + type.asText() + "': expected io.rapport.<type>.v1 or <type>"));
            } else {
                wireName = known.get();
            }
        }
        JsonNode contentType = node.get("datacontenttype");
        if (contentType != null
                && !(contentType.isTextual() && contentType.asText().startsWith("application/json"))) {
            errors.add(new Rejection(index, "datacontenttype", "must be application/json"));
        }
        JsonNode data = node.get("data");
        if (data == null || data.isNull()) {
            errors.add(new Rejection(index, "data", "is required: a JSON object with the event's fields"));
        } else if (!data.isObject()) {
            errors.add(new Rejection(index, "data", "wrong type: expected a JSON object"));
        }
        JsonNode subject = node.get("subject");
        if (subject != null && !subject.isNull() && !subject.isTextual()) {
            errors.add(new Rejection(index, "subject", "wrong type: expected a string"));
        }
        boolean hasSubject = subject != null && subject.isTextual();
        if (hasSubject && data != null && data.isObject() && data.hasNonNull("accountId")) {
            if (!data.get("accountId").equals(subject)) {
                errors.add(new Rejection(index, "subject", "differs from data.accountId"));
            }
        }
        if (!errors.isEmpty()) {
            return Submission.rejected(index, wireName, errors);
        }
        ObjectNode event = ((ObjectNode) data).deepCopy();
        event.put("type", wireName);
        event.set("eventId", node.get("id"));
        event.set("source", node.get("source"));
        event.set("occurredAt", node.get("time"));
        if (hasSubject) {
            event.set("accountId", subject);
        }
        Submission submission = reader.read(index, event);
        if (submission.valid()) {
            return submission;
        }
        return Submission.rejected(
                index,
                submission.declaredType(),
                submission.rejections().stream()
                        .map(r -> new Rejection(r.index(), attribute(r.field(), !hasSubject), r.reason()))
                        .toList());
    }

    /** The contract's wire name for a CloudEvents type, if it names one. */
    static Optional<String> wireName(String ceType) {
        String name = ceType;
        if (name.startsWith(TYPE_PREFIX) && name.endsWith(TYPE_SUFFIX)) {
            name = name.substring(TYPE_PREFIX.length(), name.length() - TYPE_SUFFIX.length());
        }
        return EventType.fromWireName(name).map(EventType::wireName);
    }

    /** The report with every field renamed to the CloudEvents attribute it came from. */
    static IngestReport renameFields(IngestReport report) {
        // Only the intake's own checks (the future skew) still name contract fields at this point.
        List<Rejection> renamed = report.rejections().stream()
                .map(r -> "occurredAt".equals(r.field()) ? new Rejection(r.index(), "time", r.reason()) : r)
                .toList();
        return new IngestReport(report.results(), renamed);
    }

    private static String attribute(String field, boolean accountInData) {
        if (field == null || field.isEmpty()) {
            return field;
        }
        return switch (field) {
            case "source", "type" -> field;
            case "eventId" -> "id";
            case "occurredAt" -> "time";
            case "accountId" -> accountInData ? "data.accountId" : "subject";
            default -> field.startsWith("[") ? "data" + field : "data." + field;
        };
    }

    private static boolean requireString(JsonNode node, String name, int index, List<Rejection> errors) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            errors.add(new Rejection(index, name, "is required"));
            return false;
        }
        if (!value.isTextual()) {
            errors.add(new Rejection(index, name, "wrong type: expected a string"));
            return false;
        }
        return true;
    }
}
