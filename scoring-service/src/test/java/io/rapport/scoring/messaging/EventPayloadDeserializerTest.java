package io.rapport.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.common.event.EventType;
import io.rapport.common.json.RapportJson;
import io.rapport.common.runtime.PayloadReader;
import io.rapport.common.testing.EnglishValidation;
import io.rapport.common.testing.EventFixtures;
import jakarta.validation.ValidatorFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deserializer never throws: every value becomes an event or a dead-letter tag with its reason. */
class EventPayloadDeserializerTest {
    private static ValidatorFactory factory;
    private static EventPayloadDeserializer deserializer;

    @BeforeAll
    static void start() {
        factory = EnglishValidation.factory();
        deserializer = new EventPayloadDeserializer(new PayloadReader(factory.getValidator()));
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void aValidEventIsParsedAndKeepsItsRawBytes() {
        byte[] raw = EventFixtures.json(EventType.ORDER).getBytes(StandardCharsets.UTF_8);
        ReadPayload read = deserializer.deserialize("rapport.transactions.v1", raw);
        assertThat(read.event()).isEqualTo(EventFixtures.event(EventType.ORDER));
        assertThat(read.tag()).isNull();
        assertThat(read.rawText()).isEqualTo(new String(raw, StandardCharsets.UTF_8));
        assertThat(RapportJson.toBytes(read.event())).isNotEmpty();
    }

    @Test
    void aValueThatIsNotJsonIsUnparseable() {
        ReadPayload read = deserializer.deserialize("t", "{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(read.event()).isNull();
        assertThat(read.tag()).isEqualTo("unparseable");
        assertThat(read.rawText()).isEqualTo("{not json");
    }

    @Test
    void anEventBreakingTheContractIsInvalidAndNamesTheField() {
        String json = EventFixtures.tree(EventType.ORDER).put("accountId", " ").toString();
        ReadPayload read = deserializer.deserialize("t", json.getBytes(StandardCharsets.UTF_8));
        assertThat(read.tag()).isEqualTo("invalid");
        assertThat(read.reason()).startsWith("accountId: ");
    }

    @Test
    void aRecordWithoutAValueIsInvalidAsEmpty() {
        ReadPayload read = deserializer.deserialize("t", null);
        assertThat(read.tag()).isEqualTo("invalid");
        assertThat(read.reason()).isEqualTo("empty payload");
        assertThat(read.rawText()).isNull();
    }

    @Test
    void anUnexpectedFailureIsUnsupportedInsteadOfEscaping() {
        EventPayloadDeserializer broken = new EventPayloadDeserializer(null);
        // No reader and no CDI container: the lookup fails, and the failure is a reason, not an exception.
        ReadPayload read = broken.deserialize("t", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(read.tag()).isEqualTo("unsupported");
        assertThat(read.reason()).isNotBlank();
    }
}
