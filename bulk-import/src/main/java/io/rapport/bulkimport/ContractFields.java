package io.rapport.bulkimport;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.rapport.common.event.EventType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shape of every field of the event contracts in {@code common}, read from their records, so a
 * CSV cell (always text) becomes the JSON value the contract expects: {@code 45} for an integer, {@code
 * "1250.00"} for money, {@code ["a","b"]} for a list of tags.
 */
final class ContractFields {
    /** The JSON shape of one field. */
    enum Kind {
        INTEGER,
        NUMBER,
        BOOLEAN,
        STRING,
        STRING_LIST,
        OBJECT,
        OBJECT_LIST
    }

    /** One field: its shape and, for objects and lists of objects, the fields inside. */
    record Field(Kind kind, Map<String, Field> children) {}

    private static final Map<String, Map<String, Field>> BY_TYPE = new HashMap<>();

    static {
        for (EventType type : EventType.values()) {
            Map<String, Field> fields = fieldsOf(type.payloadClass());
            fields.put("type", new Field(Kind.STRING, Map.of()));
            BY_TYPE.put(type.wireName(), fields);
        }
    }

    private ContractFields() {}

    /**
     * The field at {@code path} (names without list indexes, e.g. {@code [contact, email]}) of the event
     * type with this wire name; empty if the type is unknown or has no such field.
     */
    static Optional<Field> field(String wireType, List<String> path) {
        Map<String, Field> fields = BY_TYPE.get(wireType);
        Field field = null;
        for (String name : path) {
            if (fields == null || (field = fields.get(name)) == null) {
                return Optional.empty();
            }
            fields = field.children();
        }
        return Optional.ofNullable(field);
    }

    /** True when some event type has a field at {@code path}. */
    static boolean anyTypeHas(List<String> path) {
        return BY_TYPE.keySet().stream().anyMatch(type -> field(type, path).isPresent());
    }

    private static Map<String, Field> fieldsOf(Class<?> record) {
        Map<String, Field> fields = new HashMap<>();
        for (RecordComponent component : record.getRecordComponents()) {
            JsonFormat format = component.getAccessor().getAnnotation(JsonFormat.class);
            boolean asString = format != null && format.shape() == JsonFormat.Shape.STRING;
            fields.put(component.getName(), fieldOf(component.getGenericType(), asString));
        }
        return fields;
    }

    private static Field fieldOf(Type type, boolean asString) {
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            Type element = list.getActualTypeArguments()[0];
            if (element instanceof Class<?> c && c.isRecord()) {
                return new Field(Kind.OBJECT_LIST, fieldsOf(c));
            }
            return new Field(Kind.STRING_LIST, Map.of());
        }
        Class<?> c = (Class<?>) type;
        if (c.isRecord()) {
            return new Field(Kind.OBJECT, fieldsOf(c));
        }
        Kind kind;
        if (asString) {
            kind = Kind.STRING;
        } else if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
            kind = Kind.INTEGER;
        } else if (c == Double.class || c == double.class || c == BigDecimal.class) {
            kind = Kind.NUMBER;
        } else if (c == Boolean.class || c == boolean.class) {
            kind = Kind.BOOLEAN;
        } else {
            // String, Instant, LocalDate and enums are JSON strings
            kind = Kind.STRING;
        }
        return new Field(kind, Map.of());
    }
}
