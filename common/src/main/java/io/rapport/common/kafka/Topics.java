package io.rapport.common.kafka;

import java.util.List;

/** Kafka topic names of the platform; every topic is keyed by {@code accountId}. */
public final class Topics {
    /** Interactions (meetings, calls, tickets, surveys, usage, ...) published by ingest. */
    public static final String INTERACTIONS = "rapport.interactions.v1";
    /** Commercial transactions (orders, invoices, payments, contracts) published by ingest. */
    public static final String TRANSACTIONS = "rapport.transactions.v1";
    /** Account reference data (name, kind, industry, region, tier, owning team, contacts). */
    public static final String ACCOUNTS = "rapport.accounts.v1";
    /** Relationship scores published by scoring when a score, band or component moves. */
    public static final String SCORES = "rapport.scores.v1";
    /** Segment entries and exits published by segmentation. */
    public static final String SEGMENT_CHANGES = "rapport.segment-changes.v1";
    /** Alerts as they fire, are acknowledged and resolve. */
    public static final String ALERTS = "rapport.alerts.v1";
    /** Records that could not be parsed or processed, with the reason in headers. */
    public static final String DEAD_LETTER = "rapport.dlq.v1";

    /** Every topic of the platform, in the order the local stack creates them. */
    public static final List<String> ALL =
            List.of(INTERACTIONS, TRANSACTIONS, ACCOUNTS, SCORES, SEGMENT_CHANGES, ALERTS, DEAD_LETTER);

    /** Record header naming the event type, e.g. {@code meeting}. */
    public static final String HEADER_EVENT_TYPE = "rapport-event-type";
    /** Record header naming the schema version of the payload, e.g. {@code 1}. */
    public static final String HEADER_SCHEMA_VERSION = "rapport-schema-version";

    private Topics() {}
}
