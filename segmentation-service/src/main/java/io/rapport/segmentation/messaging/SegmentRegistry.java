package io.rapport.segmentation.messaging;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.rapport.segmentation.backfill.BackfillService;
import io.rapport.segmentation.backfill.ValueTierService;
import io.rapport.segmentation.domain.BuiltInSegments;
import io.rapport.segmentation.domain.CompiledSegment;
import io.rapport.segmentation.domain.InvalidExpressionException;
import io.rapport.segmentation.domain.SegmentDefinition;
import io.rapport.segmentation.domain.SegmentExpressions;
import io.rapport.segmentation.domain.ValueThresholds;
import io.rapport.segmentation.store.Collections;
import io.rapport.segmentation.store.DefinitionRepository;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * The live definitions, compiled once, and the value-tier thresholds: what every evaluation uses.
 * Seeds the built-in segments at start-up and picks up definitions changed by other replicas.
 */
@ApplicationScoped
public class SegmentRegistry {
    private static final Logger LOG = Logger.getLogger(SegmentRegistry.class);

    private final DefinitionRepository definitions;
    private final SegmentExpressions expressions;
    private final BackfillService backfill;
    private final Collections collections;
    private final Clock clock;
    private volatile List<CompiledSegment> segments = List.of();
    private final ValueTierService tiers;

    SegmentRegistry(
            DefinitionRepository definitions,
            SegmentExpressions expressions,
            BackfillService backfill,
            Collections collections,
            ValueTierService tiers,
            Clock clock) {
        this.tiers = tiers;
        this.definitions = definitions;
        this.expressions = expressions;
        this.backfill = backfill;
        this.collections = collections;
        this.clock = clock;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        collections.createIndexes();
        // Read before the seeding, which queues back-fills of its own for new or revised built-ins.
        Map<String, Document> unfinished = backfill.unfinished(definitions.all());
        seedBuiltIns();
        reload();
        for (SegmentDefinition d : definitions.deleting()) {
            LOG.infof("Resuming the deletion of segment %s", d.id());
            backfill.remove(d);
        }
        backfill.resume(unfinished, definitions.all());
    }

    /** Inserts missing built-ins and revises changed ones; both are back-filled. */
    void seedBuiltIns() {
        Map<String, SegmentDefinition> stored = new HashMap<>();
        definitions.all().forEach(d -> stored.put(d.id(), d));
        for (SegmentDefinition b : BuiltInSegments.definitions(clock.instant())) {
            SegmentDefinition builtIn =
                    b.withAttributes(expressions.compile(b.expression()).attributes());
            SegmentDefinition existing = stored.get(builtIn.id());
            if (existing == null) {
                if (definitions.insert(builtIn)) {
                    backfill.start(builtIn, "built-in created");
                }
            } else if (existing.version() < builtIn.version()
                    || !existing.expression().equals(builtIn.expression())) {
                SegmentDefinition revised = new SegmentDefinition(
                        builtIn.id(),
                        builtIn.name(),
                        builtIn.description(),
                        builtIn.expression(),
                        Math.max(existing.version() + 1, builtIn.version()),
                        true,
                        "system",
                        existing.createdAt(),
                        clock.instant(),
                        builtIn.attributes());
                definitions.update(revised);
                backfill.start(revised, "built-in revised");
            }
        }
    }

    /** Reloads and recompiles every definition. */
    @Scheduled(every = "${rapport.segmentation.definitions-refresh:15s}", delayed = "5s")
    public synchronized void reload() {
        List<CompiledSegment> compiled = new ArrayList<>();
        for (SegmentDefinition d : definitions.all()) {
            try {
                SegmentExpressions.Compiled expression = expressions.compile(d.expression());
                if (d.attributes() == null) {
                    // stored before the attributes were recorded (or by an older replica)
                    definitions.setAttributes(d.id(), d.version(), expression.attributes());
                    d = d.withAttributes(expression.attributes());
                }
                compiled.add(new CompiledSegment(d, expression));
            } catch (InvalidExpressionException e) {
                // Only possible if the variables changed since it was saved: skip it, loudly.
                LOG.errorf(
                        "Segment %s v%d no longer compiles and is not evaluated: %s",
                        d.id(), d.version(), e.getMessage());
            }
        }
        segments = List.copyOf(compiled);
    }

    public List<CompiledSegment> segments() {
        return segments;
    }

    public Optional<CompiledSegment> segment(String id) {
        return segments.stream().filter(s -> s.definition().id().equals(id)).findFirst();
    }

    public ValueThresholds thresholds() {
        return tiers.current();
    }
}
