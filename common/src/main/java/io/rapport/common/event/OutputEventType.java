package io.rapport.common.event;

import io.rapport.common.kafka.Topics;
import java.util.Arrays;
import java.util.Optional;

/**
 * The events the services emit (scores, segment changes, alerts). Unlike {@link EventType} they carry
 * no {@code type} property: each has its own topic, and the topic says what the payload is.
 */
public enum OutputEventType implements ContractType {
    SCORE_CHANGED("score_changed", Topics.SCORES, ScoreChangedEvent.class),
    SEGMENT_CHANGED("segment_changed", Topics.SEGMENT_CHANGES, SegmentChangedEvent.class),
    ALERT("alert", Topics.ALERTS, AlertEvent.class);

    private final String wireName;
    private final String topic;
    private final Class<?> payloadClass;

    OutputEventType(String wireName, String topic, Class<?> payloadClass) {
        this.wireName = wireName;
        this.topic = topic;
        this.payloadClass = payloadClass;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public Class<?> payloadClass() {
        return payloadClass;
    }

    /** Looks a type up by its wire name. */
    public static Optional<OutputEventType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }
}
