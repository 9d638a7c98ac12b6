package io.rapport.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.rapport.common.kafka.Topics;
import io.rapport.common.testing.EventFixtures;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link EventType} and {@link OutputEventType} agree with the Jackson subtypes, the records and the topics. */
class EventTypeTest {

    @Test
    void jsonSubTypesNamesAndClassesEqualEventTypes() {
        Map<String, Class<?>> subTypes = Arrays.stream(
                        RapportEvent.class.getAnnotation(JsonSubTypes.class).value())
                .collect(Collectors.toMap(JsonSubTypes.Type::name, JsonSubTypes.Type::value));
        Map<String, Class<?>> eventTypes = Arrays.stream(EventType.values())
                .collect(Collectors.toMap(EventType::wireName, EventType::payloadClass));
        assertThat(subTypes).isEqualTo(eventTypes);
    }

    @Test
    void sealedHierarchyPermitsExactlyTheEventTypePayloads() {
        Set<Class<?>> permitted = leaves(RapportEvent.class).collect(Collectors.toSet());
        Set<Class<?>> payloads =
                Arrays.stream(EventType.values()).map(EventType::payloadClass).collect(Collectors.toSet());
        assertThat(permitted).isEqualTo(payloads);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void wireNameRoundTripsAndRecordReportsItsType(EventType type) {
        assertThat(EventType.fromWireName(type.wireName())).contains(type);
        assertThat(EventFixtures.event(type).type()).isEqualTo(type);
        assertThat(type.payloadClass().isRecord()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void topicFollowsTheFamily(EventType type) {
        String expected = switch (type.family()) {
            case INTERACTION -> Topics.INTERACTIONS;
            case TRANSACTION -> Topics.TRANSACTIONS;
            case ACCOUNT -> Topics.ACCOUNTS;
        };
        assertThat(type.topic()).isEqualTo(expected);
        boolean interaction = InteractionEvent.class.isAssignableFrom(type.payloadClass());
        boolean transaction = TransactionEvent.class.isAssignableFrom(type.payloadClass());
        assertThat(interaction).isEqualTo(type.family() == EventFamily.INTERACTION);
        assertThat(transaction).isEqualTo(type.family() == EventFamily.TRANSACTION);
    }

    @Test
    void outputTypesHaveTheirOwnTopicsAndNamesDistinctFromIncomingTypes() {
        assertThat(Arrays.stream(OutputEventType.values()).map(OutputEventType::topic))
                .containsExactly(Topics.SCORES, Topics.SEGMENT_CHANGES, Topics.ALERTS);
        Set<String> names = new HashSet<>();
        Stream.concat(Stream.of(EventType.values()), Stream.of(OutputEventType.values()))
                .map(ContractType::wireName)
                .forEach(name -> assertThat(names.add(name)).as(name).isTrue());
        Arrays.stream(OutputEventType.values()).forEach(type -> {
            assertThat(OutputEventType.fromWireName(type.wireName())).contains(type);
            assertThat(RapportEvent.class.isAssignableFrom(type.payloadClass())).isFalse();
        });
        assertThat(Topics.ALL)
                .containsAll(Stream.concat(Stream.of(EventType.values()), Stream.of(OutputEventType.values()))
                        .map(ContractType::topic)
                        .collect(Collectors.toSet()));
    }

    @Test
    void unknownWireNameIsEmpty() {
        assertThat(EventType.fromWireName("meeting_cancelled")).isEmpty();
        assertThat(OutputEventType.fromWireName("meeting")).isEmpty();
    }

    private static Stream<Class<?>> leaves(Class<?> type) {
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted == null) {
            return Stream.of(type);
        }
        return Arrays.stream(permitted).flatMap(EventTypeTest::leaves).map(Function.<Class<?>>identity());
    }
}
