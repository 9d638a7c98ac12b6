package io.rapport.ingest.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.common.event.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One valid example event per type, shipped in this module's resources ({@code
 * io/rapport/ingest/examples/<type>.json}): shown in the OpenAPI document and checked by a test to
 * pass the service's own validation.
 */
public final class EventExamples {
    /** Classpath folder of the examples. */
    public static final String RESOURCE_DIR = "io/rapport/ingest/examples/";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventExamples() {}

    /** A fresh copy of the example of this type. */
    public static ObjectNode tree(EventType type) {
        String resource = RESOURCE_DIR + type.wireName() + ".json";
        try (InputStream in = EventExamples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no example event at " + resource);
            }
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
