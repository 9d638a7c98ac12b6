package io.rapport.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link EventSchemas} serves each contract's schema from the classpath, cached. */
class EventSchemasTest {

    static java.util.stream.Stream<ContractType> contracts() {
        return ContractTypes.all();
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void textAndNodeDescribeTheSameSchemaAndAreCached(ContractType type) {
        assertThat(EventSchemas.node(type).path("$id").asText()).isEqualTo(EventSchemas.id(type));
        assertThat(EventSchemas.text(type)).contains("\"$id\": \"" + EventSchemas.id(type) + "\"");
        assertThat(EventSchemas.node(type)).isSameAs(EventSchemas.node(type));
        assertThat(EventSchemas.text(type)).isSameAs(EventSchemas.text(type));
    }

    @Test
    void fileNameAndIdFollowTheWireName() {
        assertThat(EventSchemas.fileName(EventType.SUPPORT_TICKET_OPENED))
                .isEqualTo("support_ticket_opened.schema.json");
        assertThat(EventSchemas.id(OutputEventType.SCORE_CHANGED))
                .isEqualTo("https://rapport.io/schemas/v1/score_changed.schema.json");
    }

    @Test
    void missingSchemaNamesTheResource() {
        ContractType unknown = new ContractType() {
            @Override
            public String wireName() {
                return "meeting_cancelled";
            }

            @Override
            public Class<?> payloadClass() {
                return Object.class;
            }

            @Override
            public String topic() {
                return "nowhere";
            }
        };
        assertThatThrownBy(() -> EventSchemas.text(unknown))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io/rapport/common/schemas/meeting_cancelled.schema.json");
    }
}
