package io.rapport.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.common.event.EventType;
import io.rapport.common.event.OutputEventType;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.event.Transactions;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link EventFixtures} gives each fixture as committed, or with account, id and time replaced. */
class EventFixturesTest {
    private static final Instant AT = Instant.parse("2027-01-02T03:04:05.678Z");

    @ParameterizedTest
    @EnumSource(EventType.class)
    void replacesAccountEventIdAndTimeOnly(EventType type) {
        RapportEvent original = EventFixtures.event(type);
        RapportEvent copy = EventFixtures.event(type, "acc-1", "evt-1", AT);

        assertThat(original.accountId()).isEqualTo(EventFixtures.ACCOUNT_ID);
        assertThat(copy).isExactlyInstanceOf(type.payloadClass());
        assertThat(copy.accountId()).isEqualTo("acc-1");
        assertThat(copy.eventId()).isEqualTo("evt-1");
        assertThat(copy.occurredAt()).isEqualTo(AT);
        assertThat(copy.source()).isEqualTo(original.source());
        assertThat(copy)
                .usingRecursiveComparison()
                .ignoringFields("accountId", "eventId", "occurredAt")
                .isEqualTo(original);
    }

    @ParameterizedTest
    @EnumSource(OutputEventType.class)
    void outputFixturesParseAndReplaceToo(OutputEventType type) {
        Object copy = EventFixtures.output(type, "acc-2", "evt-2", AT);
        assertThat(copy).isExactlyInstanceOf(type.payloadClass());
        assertThat(copy)
                .hasFieldOrPropertyWithValue("accountId", "acc-2")
                .hasFieldOrPropertyWithValue("eventId", "evt-2")
                .hasFieldOrPropertyWithValue("occurredAt", AT);
        assertThat(EventFixtures.output(type)).isEqualTo(EventFixtures.output(type));
    }

    @org.junit.jupiter.api.Test
    void typedAccessorsGiveTheRecords() {
        ScoreChangedEvent score = EventFixtures.scoreChanged();
        assertThat(score.components())
                .extracting(ScoreChangedEvent.ComponentValue::name)
                .containsExactly("value", "engagement", "sentiment", "risk");
        assertThat(score.components().stream()
                        .mapToDouble(ScoreChangedEvent.ComponentValue::weight)
                        .sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(EventFixtures.event(EventType.ORDER, Transactions.Order.class)
                        .amount())
                .isEqualByComparingTo("18250.00");
        assertThat(EventFixtures.segmentChanged().values()).containsEntry("rfm.monetary", 5);
        assertThat(EventFixtures.alert().labels()).containsEntry("team", "enterprise-north");
    }
}
