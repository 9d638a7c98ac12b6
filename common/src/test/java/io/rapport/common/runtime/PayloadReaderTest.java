package io.rapport.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.common.event.EventType;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.testing.EnglishValidation;
import io.rapport.common.testing.EventFixtures;
import jakarta.validation.ValidatorFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A payload read from its bytes gets the same event, or the same refusal, as from its text. */
class PayloadReaderTest {
    private static ValidatorFactory factory;
    private static PayloadReader reader;

    @BeforeAll
    static void start() {
        factory = EnglishValidation.factory();
        reader = new PayloadReader(factory.getValidator());
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void everyEventTypeReadsTheSameFromBytesAsFromText() {
        for (EventType type : EventType.values()) {
            String json = EventFixtures.json(type);
            RapportEvent fromText = reader.read(json, RapportEvent.class);
            RapportEvent fromBytes = reader.read(json.getBytes(StandardCharsets.UTF_8), RapportEvent.class);
            assertThat(fromBytes).as(type.wireName()).isEqualTo(fromText);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", " \t\r\n", "\u2003", " \u00a0\u2003 "})
    void blankPayloadsAreEmptyEitherWay(String blank) {
        // U+00A0 is not whitespace for String.isBlank, so that one is a parse error on both paths.
        String expected = blank.isBlank() ? "empty payload" : null;
        String fromText = refusal(() -> reader.read(blank, RapportEvent.class));
        String fromBytes = refusal(() -> reader.read(blank.getBytes(StandardCharsets.UTF_8), RapportEvent.class));
        assertThat(fromBytes).isEqualTo(fromText);
        if (expected != null) assertThat(fromBytes).isEqualTo(expected);
    }

    @Test
    void aNullPayloadIsEmpty() {
        assertThatThrownBy(() -> reader.read((byte[]) null, RapportEvent.class))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("empty payload");
    }

    @Test
    void refusalsNameTheFieldTheSameWayFromBytes() {
        String invalid =
                EventFixtures.tree(EventType.MEETING).put("eventId", " ").toString();
        String missing = EventFixtures.tree(EventType.ORDER).without("orderId").toString();
        for (String json : new String[] {invalid, missing, "{\"type\": 42}", "not json"}) {
            String fromText = refusal(() -> reader.read(json, RapportEvent.class));
            assertThat(fromText).isNotNull();
            assertThat(refusal(() -> reader.read(json.getBytes(StandardCharsets.UTF_8), RapportEvent.class)))
                    .as(json)
                    .isEqualTo(fromText);
        }
        assertThat(refusal(() -> reader.read(missing, RapportEvent.class))).contains("orderId");
    }

    private static String refusal(Runnable read) {
        try {
            read.run();
            return null;
        } catch (InvalidPayloadException e) {
            return e.getMessage();
        }
    }
}
