package io.rapport.common.runtime;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Every service's clock: the system UTC clock, unless a test provides another (a movable clock bean
 * replaces this default one). Time-dependent logic takes it by injection, never {@code Instant.now()}.
 */
@ApplicationScoped
public class ClockProducer {
    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
