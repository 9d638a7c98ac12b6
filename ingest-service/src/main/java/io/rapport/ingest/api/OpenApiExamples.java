package io.rapport.ingest.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rapport.common.event.EventSchemas;
import io.rapport.common.event.EventType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Publishes the contracts in the OpenAPI document: every event type's JSON Schema (from {@code
 * common}) under {@code components.schemas}, and an example of every type on the event endpoints.
 */
public class OpenApiExamples implements OASFilter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        for (EventType type : EventType.values()) {
            Schema schema = OASFactory.createSchema();
            Map<String, Object> keywords = MAPPER.convertValue(EventSchemas.node(type), MAP);
            keywords.remove("$schema");
            keywords.forEach(schema::set);
            openAPI.getComponents().addSchema("event." + type.wireName(), schema);
        }
        if (openAPI.getPaths() == null) {
            return;
        }
        PathItem single = openAPI.getPaths().getPathItem("/v1/events");
        if (single != null && single.getPOST() != null) {
            addExamples(single.getPOST(), false);
        }
        PathItem batch = openAPI.getPaths().getPathItem("/v1/events/batch");
        if (batch != null && batch.getPOST() != null) {
            addExamples(batch.getPOST(), true);
        }
    }

    private static void addExamples(Operation operation, boolean asArray) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        Content content = operation.getRequestBody().getContent();
        for (Map.Entry<String, MediaType> entry : content.getMediaTypes().entrySet()) {
            String mediaType = entry.getKey();
            for (EventType type : EventType.values()) {
                Map<String, Object> event = MAPPER.convertValue(EventExamples.tree(type), MAP);
                Object value;
                if (mediaType.startsWith("application/json")) {
                    value = asArray ? List.of(event) : event;
                } else if (mediaType.startsWith(EventResource.CLOUDEVENT)) {
                    value = cloudEvent(type, event);
                } else if (mediaType.startsWith(EventResource.CLOUDEVENT_BATCH)) {
                    value = List.of(cloudEvent(type, event));
                } else if (mediaType.startsWith(EventResource.NDJSON)) {
                    value = MAPPER.valueToTree(event).toString() + "\n";
                } else {
                    continue;
                }
                entry.getValue()
                        .addExample(
                                type.wireName(),
                                OASFactory.createExample()
                                        .summary("A " + type.wireName() + " event (schema: #/components/schemas/event."
                                                + type.wireName() + ")")
                                        .value(value));
            }
        }
    }

    private static Map<String, Object> cloudEvent(EventType type, Map<String, Object> event) {
        Map<String, Object> data = new java.util.LinkedHashMap<>(event);
        Map<String, Object> ce = new java.util.LinkedHashMap<>();
        ce.put("specversion", "1.0");
        ce.put("id", data.remove("eventId"));
        ce.put("source", data.remove("source"));
        ce.put("type", CloudEventReader.TYPE_PREFIX + type.wireName() + CloudEventReader.TYPE_SUFFIX);
        ce.put("subject", data.remove("accountId"));
        ce.put("time", data.remove("occurredAt"));
        ce.put("datacontenttype", "application/json");
        data.remove("type");
        ce.put("data", data);
        return ce;
    }
}
