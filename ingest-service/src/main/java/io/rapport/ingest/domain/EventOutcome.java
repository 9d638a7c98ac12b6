package io.rapport.ingest.domain;

/** What happened to one submitted event. */
public enum EventOutcome {
    /** Written to Kafka (acknowledged by all in-sync replicas). */
    ACCEPTED,
    /** Its eventId was accepted before; not published again. */
    DUPLICATE,
    /** Invalid; see the errors. */
    REJECTED,
    /** Valid, but Kafka did not acknowledge it in time: not written, send it again. */
    NOT_WRITTEN
}
