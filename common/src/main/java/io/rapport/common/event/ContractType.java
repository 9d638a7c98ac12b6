package io.rapport.common.event;

/**
 * A payload type with a published JSON Schema and a committed fixture: the incoming {@link EventType}s
 * and the {@link OutputEventType}s the services emit.
 */
public interface ContractType {
    /** The wire name; also the schema's and the fixture's file name, e.g. {@code score_changed}. */
    String wireName();

    /** The record the payload deserialises into. */
    Class<?> payloadClass();

    /** The topic payloads of this type are published to. */
    String topic();
}
