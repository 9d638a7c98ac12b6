package io.rapport.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.rapport.common.event.RapportEvent;
import java.io.UncheckedIOException;

/** The one JSON configuration for events on the wire: ISO-8601 instants, no nulls, strict types. */
public final class RapportJson {
    private static final ObjectMapper MAPPER = configure(JsonMapper.builder()).build();

    private RapportJson() {}

    /** Applies the wire settings to a builder (services use it to align their own mappers). */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder.addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // "42" for an integer field is a wrong type, not a number to guess at.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** A shared, thread-safe mapper with the wire settings. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises an event to its wire form. */
    public static byte[] toBytes(RapportEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses an event of any type from its wire form. */
    public static RapportEvent fromBytes(byte[] json) throws java.io.IOException {
        return MAPPER.readValue(json, RapportEvent.class);
    }
}
