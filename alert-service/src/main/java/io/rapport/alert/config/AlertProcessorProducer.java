package io.rapport.alert.config;

import io.rapport.alert.domain.alert.AlertProcessor;
import io.rapport.alert.domain.alert.AlertSink;
import io.rapport.alert.domain.alert.AlertStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the pure alert processor to the store, the sink and the clock. */
@ApplicationScoped
public class AlertProcessorProducer {
    @Produces
    @Singleton
    AlertProcessor alertProcessor(AlertStore store, AlertSink sink, Clock clock) {
        return new AlertProcessor(store, sink, clock);
    }
}
