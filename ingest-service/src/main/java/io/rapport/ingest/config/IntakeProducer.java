package io.rapport.ingest.config;

import io.rapport.ingest.domain.AcceptedEventLog;
import io.rapport.ingest.domain.EventIntake;
import io.rapport.ingest.domain.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** Wires the domain's {@link EventIntake} to the store and the publisher. */
@ApplicationScoped
public class IntakeProducer {
    @Produces
    @ApplicationScoped
    EventIntake eventIntake(AcceptedEventLog log, EventPublisher publisher, Clock clock, IngestConfig config) {
        return new EventIntake(log, publisher, clock, config.maxFutureSkew(), config.publishTimeout());
    }
}
