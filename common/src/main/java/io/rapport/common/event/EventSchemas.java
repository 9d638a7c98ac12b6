package io.rapport.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published JSON Schemas (draft 2020-12) of the contracts, one per type, loaded from the classpath
 * ({@code io/rapport/common/schemas/<wire name>.schema.json}) and cached. Each schema is
 * self-contained, so it can be served as is (ingest publishes them in its OpenAPI document).
 */
public final class EventSchemas {
    /** Classpath folder of the schema files. */
    public static final String RESOURCE_DIR = "io/rapport/common/schemas/";
    /** Prefix of every schema's {@code $id}; the file name follows it. */
    public static final String ID_PREFIX = "https://rapport.io/schemas/v1/";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();
    private static final Map<String, JsonNode> NODES = new ConcurrentHashMap<>();

    private EventSchemas() {}

    /** The schema's file name, e.g. {@code support_ticket_opened.schema.json}. */
    public static String fileName(ContractType type) {
        return type.wireName() + ".schema.json";
    }

    /** The schema's {@code $id}, e.g. {@code https://rapport.io/schemas/v1/meeting.schema.json}. */
    public static String id(ContractType type) {
        return ID_PREFIX + fileName(type);
    }

    /** The schema as published, byte for byte. */
    public static String text(ContractType type) {
        return TEXTS.computeIfAbsent(type.wireName(), name -> load(type));
    }

    /**
     * The parsed schema. Shared and cached: treat it as read-only ({@link JsonNode#deepCopy()} before
     * changing it, e.g. to embed it in another document).
     */
    public static JsonNode node(ContractType type) {
        return NODES.computeIfAbsent(type.wireName(), name -> parse(type, text(type)));
    }

    private static String load(ContractType type) {
        String resource = RESOURCE_DIR + fileName(type);
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no JSON Schema on the classpath at " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static JsonNode parse(ContractType type, String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("invalid JSON in schema " + fileName(type), e);
        }
    }
}
