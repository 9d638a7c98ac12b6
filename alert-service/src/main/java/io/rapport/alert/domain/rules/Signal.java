package io.rapport.alert.domain.rules;

import io.rapport.common.event.InteractionEvent;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.event.SegmentChangedEvent;
import io.rapport.common.event.TransactionEvent;
import java.time.Instant;

/** What rules are evaluated on: a new score, a segment change, a raw event, or time passing. */
public sealed interface Signal {

    /** The kind of signal, which decides the rule types evaluated. */
    enum Kind {
        SCORE,
        SEGMENT,
        INTERACTION,
        TRANSACTION,
        TICK
    }

    /** The kind of this signal. */
    Kind kind();

    /** The causing event's id (the idempotency key), or null for a tick. */
    String eventId();

    /** When the causing event happened, or the tick's time. */
    Instant occurredAt();

    /** A score from {@code rapport.scores.v1}. */
    record Score(ScoreChangedEvent score) implements Signal {
        public Kind kind() {
            return Kind.SCORE;
        }

        public String eventId() {
            return score.eventId();
        }

        public Instant occurredAt() {
            return score.occurredAt();
        }
    }

    /** A membership change from {@code rapport.segment-changes.v1}. */
    record Segment(SegmentChangedEvent change) implements Signal {
        public Kind kind() {
            return Kind.SEGMENT;
        }

        public String eventId() {
            return change.eventId();
        }

        public Instant occurredAt() {
            return change.occurredAt();
        }
    }

    /** A raw interaction from {@code rapport.interactions.v1}. */
    record Interaction(InteractionEvent event) implements Signal {
        public Kind kind() {
            return Kind.INTERACTION;
        }

        public String eventId() {
            return event.eventId();
        }

        public Instant occurredAt() {
            return event.occurredAt();
        }
    }

    /** A raw transaction from {@code rapport.transactions.v1}. */
    record Transaction(TransactionEvent event) implements Signal {
        public Kind kind() {
            return Kind.TRANSACTION;
        }

        public String eventId() {
            return event.eventId();
        }

        public Instant occurredAt() {
            return event.occurredAt();
        }
    }

    /** The scheduled evaluation of time-based rules at {@code now}. */
    record Tick(Instant now) implements Signal {
        public Kind kind() {
            return Kind.TICK;
        }

        public String eventId() {
            return null;
        }

        public Instant occurredAt() {
            return now;
        }
    }
}
