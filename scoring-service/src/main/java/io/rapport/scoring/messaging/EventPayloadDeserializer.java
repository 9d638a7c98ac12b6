package io.rapport.scoring.messaging;

import io.quarkus.arc.Arc;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.runtime.InvalidPayloadException;
import io.rapport.common.runtime.PayloadReader;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Parses and validates each record's value as the Kafka consumer polls it, never throwing: a value that
 * is not a valid event becomes a {@link ReadPayload} with the reason, for {@link EventBatchConsumer} to
 * dead-letter.
 *
 * <p>Why here rather than in the batch: the connector polls on a thread of its own, ahead of the batch
 * being processed (up to two polls queued), so parsing and validating the next batch — about 40% of the
 * service's CPU — overlaps the store round trips and publication of the current one instead of waiting
 * for them.
 */
public class EventPayloadDeserializer implements Deserializer<ReadPayload> {
    private volatile PayloadReader reader;

    /** Kafka instantiates deserializers itself; the reader is the application's bean, looked up once. */
    public EventPayloadDeserializer() {}

    EventPayloadDeserializer(PayloadReader reader) {
        this.reader = reader;
    }

    @Override
    public ReadPayload deserialize(String topic, byte[] data) {
        try {
            return ReadPayload.of(data, reader().read(data, RapportEvent.class));
        } catch (InvalidPayloadException e) {
            return ReadPayload.refused(data, e.getCause() == null ? "invalid" : "unparseable", e.getMessage());
        } catch (RuntimeException e) {
            return ReadPayload.refused(data, "unsupported", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private PayloadReader reader() {
        PayloadReader r = reader;
        if (r == null) {
            r = Arc.container().instance(PayloadReader.class).get();
            reader = r;
        }
        return r;
    }
}
