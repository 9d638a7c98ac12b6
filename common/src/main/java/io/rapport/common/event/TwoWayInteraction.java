package io.rapport.common.event;

/** A conversation with a contact: meeting, call, e-mail or message. Engagement is built from these. */
public interface TwoWayInteraction {
    /** Who started it. */
    Direction direction();

    /** The contact involved. */
    Contact contact();
}
