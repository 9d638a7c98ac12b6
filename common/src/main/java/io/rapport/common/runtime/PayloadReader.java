package io.rapport.common.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.rapport.common.json.RapportJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

/** Parses and validates a record's payload against its contract, or says precisely why not. */
@ApplicationScoped
public class PayloadReader {
    private final Validator validator;

    public PayloadReader(Validator validator) {
        this.validator = validator;
    }

    /**
     * @throws InvalidPayloadException naming the field and the reason, for the dead-letter headers
     */
    public <T> T read(String payload, Class<T> type) {
        return read(payload == null ? null : payload.getBytes(StandardCharsets.UTF_8), type);
    }

    /**
     * The same for a payload still in its UTF-8 bytes (a Kafka record's value, read without decoding it
     * to a string first).
     *
     * @throws InvalidPayloadException naming the field and the reason, for the dead-letter headers
     */
    public <T> T read(byte[] payload, Class<T> type) {
        if (payload == null || isBlank(payload)) {
            throw new InvalidPayloadException("empty payload");
        }
        T value;
        try {
            value = RapportJson.fromBytes(payload, type);
        } catch (JsonProcessingException e) {
            String field = e instanceof JsonMappingException mapping ? JsonPaths.of(mapping.getPath()) : "";
            throw new InvalidPayloadException((field.isEmpty() ? "" : field + ": ") + JsonPaths.reason(e), e);
        } catch (IOException e) {
            throw new InvalidPayloadException("unreadable payload: " + e.getMessage(), e);
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new InvalidPayloadException(violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        return value;
    }

    /** True when the bytes hold only whitespace (as {@link String#isBlank()} would say of their text). */
    private static boolean isBlank(byte[] payload) {
        for (byte b : payload) {
            // Beyond ASCII, decode: a payload of non-ASCII whitespace alone is as empty as the string says.
            if (b < 0) return new String(payload, StandardCharsets.UTF_8).isBlank();
            if (!Character.isWhitespace((char) b)) return false;
        }
        return true;
    }
}
