package io.rapport.segmentation.backfill;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.rapport.segmentation.store.DefinitionRepository;
import io.rapport.segmentation.store.MembershipRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records every segment's size in today's point of the daily series, periodically, and exposes the
 * sizes as the gauge {@code segmentation.segment.size{segment}} (the dashboard's segment sizes).
 */
@ApplicationScoped
public class SizeSnapshots {
    private final DefinitionRepository definitions;
    private final MembershipRepository memberships;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> sizes = new ConcurrentHashMap<>();

    SizeSnapshots(
            DefinitionRepository definitions, MembershipRepository memberships, Clock clock, MeterRegistry meters) {
        this.definitions = definitions;
        this.memberships = memberships;
        this.clock = clock;
        this.meters = meters;
    }

    /** Refreshes the size gauges (segment ids are few and analyst-made: a bounded tag set). */
    @Scheduled(
            every = "${rapport.segmentation.size-gauges-refresh:60s}",
            delayed = "${rapport.segmentation.scheduler-delay:30s}")
    public void refreshGauges() {
        definitions
                .all()
                .forEach(d -> sizes.computeIfAbsent(d.id(), id -> {
                            AtomicLong size = new AtomicLong();
                            Gauge.builder("segmentation.segment.size", size, AtomicLong::get)
                                    .tag("segment", id)
                                    .register(meters);
                            return size;
                        })
                        .set(memberships.size(d.id())));
    }

    @Scheduled(
            every = "${rapport.segmentation.sizes-snapshot:10m}",
            delayed = "${rapport.segmentation.scheduler-delay:30s}")
    public void snapshot() {
        definitions.all().forEach(d -> memberships.snapshotSize(d.id(), clock.instant()));
    }
}
