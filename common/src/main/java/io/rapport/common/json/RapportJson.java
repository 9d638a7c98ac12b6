package io.rapport.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import io.rapport.common.event.RapportEvent;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;

/** The one JSON configuration for events on the wire: ISO-8601 instants, no nulls, strict types. */
public final class RapportJson {
    private static final ObjectMapper MAPPER = configure(JsonMapper.builder()).build();

    private RapportJson() {}

    /** Applies the wire settings to a builder (services use it to align their own mappers). */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder.addModule(new JavaTimeModule())
                .addModule(isoStringsOnly())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Money as "0.00000001", never "1E-8": the wire pattern (and DecimalStringDeserializer) refuse
                // exponents.
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // "42" for an integer field is a wrong type, not a number to guess at.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // 42.5 for an integer field would be truncated to 42 silently.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // An enum is its wire name; 0 is not "inbound".
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                // Timestamps and dates are ISO-8601 strings only: no epoch numbers, no [2026, 1, 31] arrays.
                .defaultLeniency(Boolean.FALSE)
                .withCoercionConfig(
                        LogicalType.DateTime,
                        cfg -> cfg.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Array, CoercionAction.Fail))
                // Ids and names are JSON strings; 42 is a wrong type, not "42".
                .withCoercionConfig(
                        LogicalType.Textual,
                        cfg -> cfg.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }

    // Registered after JavaTimeModule, so these win: timestamps and dates are ISO-8601 strings only.
    private static SimpleModule isoStringsOnly() {
        return new SimpleModule("rapport-iso-strings-only")
                .addDeserializer(
                        Instant.class,
                        new IsoStringOnlyDeserializer<>(
                                Instant.class, InstantDeserializer.INSTANT, "2026-03-14T09:30:00Z"))
                .addDeserializer(
                        LocalDate.class,
                        new IsoStringOnlyDeserializer<>(LocalDate.class, LocalDateDeserializer.INSTANCE, "2026-03-31"));
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

    /** Serialises any contract payload (e.g. a {@code ScoreChangedEvent}) to its wire form. */
    public static byte[] toBytes(Object payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses an event of any type from its wire form. */
    public static RapportEvent fromBytes(byte[] json) throws java.io.IOException {
        return fromBytes(json, RapportEvent.class);
    }

    /** Parses a payload of a known class (e.g. {@code ScoreChangedEvent}) from its wire form. */
    public static <T> T fromBytes(byte[] json, Class<T> type) throws java.io.IOException {
        return READERS.get(type).readValue(json);
    }

    // One reader per payload class: ObjectMapper.readValue(bytes, Class) resolves the class's JavaType on
    // every call, a few per cent of a consumer's CPU (JFR, scoring-service).
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };
}
