package io.rapport.common.runtime;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;

/** Field paths and short reasons from Jackson errors, for problem documents and dead-letter headers. */
public final class JsonPaths {
    private JsonPaths() {}

    /** A dotted path such as {@code contacts[0].email}; empty for the document itself. */
    public static String of(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** A one-line reason without Jackson's source excerpts and class names. */
    public static String reason(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "truncated JSON: the document ends before it is complete";
        }
        if (e instanceof JsonParseException) {
            return "malformed JSON: " + e.getOriginalMessage();
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof InvalidTypeIdException typeId) {
            return typeId.getTypeId() == null
                    ? "missing event type"
                    : "unknown event type '" + typeId.getTypeId() + "'";
        }
        if (e instanceof InvalidFormatException format) {
            return "invalid value '" + format.getValue() + "': " + expected(format.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch) {
            String original = e.getOriginalMessage();
            if (original != null && original.startsWith("must be")) {
                return original;
            }
            return "wrong type: " + expected(mismatch.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "unexpected value";
        }
        String name = target.getSimpleName();
        return switch (name) {
            case "Instant" -> "expected an ISO-8601 UTC timestamp such as 2026-11-30T14:05:00Z";
            case "LocalDate" -> "expected an ISO-8601 date such as 2026-11-30";
            case "Integer", "int", "Long", "long" -> "expected an integer";
            case "Double", "double", "BigDecimal" -> "expected a number";
            case "String" -> "expected a string";
            case "Boolean", "boolean" -> "expected true or false";
            case "List" -> "expected an array";
            default -> target.isEnum() ? "expected one of " + enumValues(target) : "expected " + name;
        };
    }

    private static String enumValues(Class<?> enumType) {
        StringBuilder out = new StringBuilder();
        for (Object constant : enumType.getEnumConstants()) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(constant.toString().toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }
}
