package io.rapport.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads money as a decimal string ({@code "1250.00"}). A JSON number is refused: floats lose cents,
 * and the contract says string so every producer agrees on one form.
 */
public final class DecimalStringDeserializer extends StdScalarDeserializer<BigDecimal> {
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,19}(\\.\\d{1,10})?");

    public DecimalStringDeserializer() {
        super(BigDecimal.class);
    }

    @Override
    public BigDecimal deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return (BigDecimal) context.handleUnexpectedToken(
                    BigDecimal.class,
                    parser.currentToken(),
                    parser,
                    "must be a decimal string such as \"1250.00\", not %s",
                    describe(parser.currentToken()));
        }
        String text = parser.getText().trim();
        if (!DECIMAL.matcher(text).matches()) {
            return (BigDecimal) context.handleWeirdStringValue(
                    BigDecimal.class, text, "must be a decimal string such as \"1250.00\"");
        }
        return new BigDecimal(text);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> String.valueOf(token);
        };
    }
}
