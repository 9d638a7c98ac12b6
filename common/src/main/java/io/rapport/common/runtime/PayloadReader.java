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

    PayloadReader(Validator validator) {
        this.validator = validator;
    }

    /**
     * @throws InvalidPayloadException naming the field and the reason, for the dead-letter headers
     */
    public <T> T read(String payload, Class<T> type) {
        if (payload == null || payload.isBlank()) {
            throw new InvalidPayloadException("empty payload");
        }
        T value;
        try {
            value = RapportJson.fromBytes(payload.getBytes(StandardCharsets.UTF_8), type);
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
}
