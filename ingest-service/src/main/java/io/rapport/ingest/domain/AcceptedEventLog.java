package io.rapport.ingest.domain;

import io.rapport.common.event.RapportEvent;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Remembers which eventIds were accepted, for duplicate detection (the idempotency keys). */
public interface AcceptedEventLog {
    /** Of these ids, the ones accepted before (one round trip for the whole batch). */
    Set<String> alreadyAccepted(Collection<String> eventIds);

    /** Records these events as accepted (one round trip; ids already present are not an error). */
    void remember(List<RapportEvent> events);
}
