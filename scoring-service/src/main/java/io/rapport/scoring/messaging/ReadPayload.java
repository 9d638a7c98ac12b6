package io.rapport.scoring.messaging;

import io.rapport.common.event.RapportEvent;
import java.nio.charset.StandardCharsets;

/**
 * A record's value as the consumer polled it: the parsed and validated event, or the dead-letter tag and
 * reason why it is none, with the raw bytes the dead letter carries.
 */
public record ReadPayload(byte[] raw, RapportEvent event, String tag, String reason) {

    static ReadPayload of(byte[] raw, RapportEvent event) {
        return new ReadPayload(raw, event, null, null);
    }

    static ReadPayload refused(byte[] raw, String tag, String reason) {
        return new ReadPayload(raw, null, tag, reason);
    }

    /** The raw value as text, as it is dead-lettered (null for a record without a value). */
    public String rawText() {
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }
}
