package io.rapport.common.runtime;

/**
 * A Kafka record whose payload does not parse or validate against its contract. Thrown from a
 * consumer, it sends the record to the dead-letter topic with this message as the reason.
 */
public class InvalidPayloadException extends RuntimeException {
    public InvalidPayloadException(String reason, Throwable cause) {
        super(reason, cause);
    }

    public InvalidPayloadException(String reason) {
        super(reason);
    }
}
