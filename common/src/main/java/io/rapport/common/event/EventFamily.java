package io.rapport.common.event;

import io.rapport.common.kafka.Topics;

/** The three families of incoming events, each with its own topic. */
public enum EventFamily {
    INTERACTION(Topics.INTERACTIONS),
    TRANSACTION(Topics.TRANSACTIONS),
    ACCOUNT(Topics.ACCOUNTS);

    private final String topic;

    EventFamily(String topic) {
        this.topic = topic;
    }

    /** The topic events of this family are published to. */
    public String topic() {
        return topic;
    }
}
