package io.rapport.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.common.runtime.JsonPaths;
import io.rapport.ingest.domain.Rejection;
import io.rapport.ingest.domain.Submission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Turns one JSON event into a {@link Submission}: parsed against the contracts of {@code common}
 * (types, required fields, formats) and checked with their Bean Validation constraints, every
 * problem reported with its field and reason.
 */
@ApplicationScoped
public class EventSubmissionReader {
    private final ObjectMapper mapper = RapportJson.mapper();
    private final Validator validator;

    EventSubmissionReader(Validator validator) {
        this.validator = validator;
    }

    /** Reads the event at {@code index} of a request from its JSON tree. */
    public Submission read(int index, JsonNode node) {
        if (node == null || !node.isObject()) {
            return Submission.rejected(index, List.of(new Rejection(index, "", "an event must be a JSON object")));
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            return Submission.rejected(index, List.of(new Rejection(index, "type", "is required")));
        }
        if (!type.isTextual()) {
            return Submission.rejected(index, List.of(new Rejection(index, "type", "wrong type: expected a string")));
        }
        RapportEvent event;
        try {
            event = mapper.treeToValue(node, RapportEvent.class);
        } catch (JsonProcessingException e) {
            String field = e instanceof JsonMappingException mapping ? JsonPaths.of(mapping.getPath()) : "";
            if (e instanceof com.fasterxml.jackson.databind.exc.InvalidTypeIdException) {
                field = "type";
            }
            return Submission.rejected(index, type.asText(), List.of(new Rejection(index, field, JsonPaths.reason(e))));
        } catch (IllegalArgumentException e) {
            return Submission.rejected(index, type.asText(), List.of(new Rejection(index, "", e.getMessage())));
        }
        Set<ConstraintViolation<RapportEvent>> violations = validator.validate(event);
        if (violations.isEmpty()) {
            return Submission.parsed(index, event);
        }
        List<Rejection> rejections = new ArrayList<>();
        for (ConstraintViolation<RapportEvent> violation : violations) {
            rejections.add(new Rejection(index, field(violation.getPropertyPath()), violation.getMessage()));
        }
        rejections.sort(Comparator.comparing(Rejection::field).thenComparing(Rejection::reason));
        return Submission.rejected(index, type.asText(), rejections);
    }

    private static String field(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(name);
            }
        }
        return out.toString();
    }
}
