package io.rapport.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads a {@code java.time} value from an ISO-8601 string only, then hands it to the standard
 * deserializer. The standard ones also take epoch numbers and {@code [2026, 1, 31]} arrays, which the
 * contract (and its JSON Schema) does not allow, whatever leniency is configured.
 */
final class IsoStringOnlyDeserializer<T> extends StdScalarDeserializer<T> {
    private final transient JsonDeserializer<T> delegate;
    private final String example;

    IsoStringOnlyDeserializer(Class<T> type, JsonDeserializer<T> delegate, String example) {
        super(type);
        this.delegate = delegate;
        this.example = example;
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            @SuppressWarnings("unchecked")
            T unexpected = (T) context.handleUnexpectedToken(
                    handledType(),
                    parser.currentToken(),
                    parser,
                    "must be an ISO-8601 string such as \"%s\", not %s",
                    example,
                    parser.currentToken());
            return unexpected;
        }
        if (handledType() == Instant.class) {
            Instant canonical = CanonicalInstants.parse(parser.getText());
            if (canonical != null) {
                @SuppressWarnings("unchecked")
                T instant = (T) canonical;
                return instant;
            }
        }
        return delegate.deserialize(parser, context);
    }
}
