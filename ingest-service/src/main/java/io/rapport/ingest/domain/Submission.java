package io.rapport.ingest.domain;

import io.rapport.common.event.RapportEvent;
import java.util.List;

/**
 * One submitted event after parsing: either the event, or the rejections that stopped it. {@code
 * index} is its position in the request (0 for a single event).
 */
public record Submission(int index, RapportEvent event, List<Rejection> rejections, String declaredType) {
    public Submission {
        rejections = List.copyOf(rejections);
        if ((event == null) == rejections.isEmpty()) {
            throw new IllegalArgumentException("a submission has either an event or rejections");
        }
    }

    /** A parsed event, still to be checked. */
    public static Submission parsed(int index, RapportEvent event) {
        return new Submission(index, event, List.of(), event.type().wireName());
    }

    /** An event that could not be parsed or validated. */
    public static Submission rejected(int index, List<Rejection> rejections) {
        return new Submission(index, null, rejections, null);
    }

    /** An event of a declared type (possibly unknown) that could not be parsed or validated. */
    public static Submission rejected(int index, String declaredType, List<Rejection> rejections) {
        return new Submission(index, null, rejections, declaredType);
    }

    /** True when nothing was wrong with it so far. */
    public boolean valid() {
        return event != null;
    }
}
