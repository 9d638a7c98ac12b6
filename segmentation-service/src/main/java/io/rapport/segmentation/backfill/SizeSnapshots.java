package io.rapport.segmentation.backfill;

import io.quarkus.scheduler.Scheduled;
import io.rapport.segmentation.store.DefinitionRepository;
import io.rapport.segmentation.store.MembershipRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Records every segment's size in today's point of the daily series, periodically. */
@ApplicationScoped
public class SizeSnapshots {
    private final DefinitionRepository definitions;
    private final MembershipRepository memberships;
    private final Clock clock;

    SizeSnapshots(DefinitionRepository definitions, MembershipRepository memberships, Clock clock) {
        this.definitions = definitions;
        this.memberships = memberships;
        this.clock = clock;
    }

    @Scheduled(
            every = "${rapport.segmentation.sizes-snapshot:10m}",
            delayed = "${rapport.segmentation.scheduler-delay:30s}")
    public void snapshot() {
        definitions.all().forEach(d -> memberships.snapshotSize(d.id(), clock.instant()));
    }
}
