package io.rapport.segmentation.backfill;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.rapport.common.store.LatestScoreRepository;
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
import java.util.Arrays;
import java.util.Date;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * The predicted-value percentiles behind the value tiers, recomputed periodically over the whole base
 * (one projected scan of {@code latest_scores}); when they move, every definition reading {@code
 * valueTier} (the four tier segments and analyst-defined ones) is back-filled.
 */
@ApplicationScoped
public class ValueTierService {
    private static final Logger LOG = Logger.getLogger(ValueTierService.class);

    private final LatestScoreRepository latestScores;
    private final MongoCollection<Document> settings;
    private final DefinitionRepository definitions;
    private final BackfillService backfill;
    private final SegmentExpressions expressions;
    private final Clock clock;
    private volatile Tiers current = new Tiers(ValueThresholds.NONE, 0);

    /**
     * The cut-offs in force and their epoch, the number of times they moved (persisted with them): the
     * changes a tier back-fill records carry it in their ids.
     */
    public record Tiers(ValueThresholds thresholds, long epoch) {}

    ValueTierService(
            LatestScoreRepository latestScores,
            Collections collections,
            DefinitionRepository definitions,
            BackfillService backfill,
            SegmentExpressions expressions,
            Clock clock) {
        this.expressions = expressions;
        this.latestScores = latestScores;
        this.settings = collections.get(Collections.SETTINGS);
        this.definitions = definitions;
        this.backfill = backfill;
        this.clock = clock;
    }

    /**
     * Loads the stored cut-offs before anything else starts: the registry's start-up (priority 10)
     * queues back-fills, which must apply these, not none.
     */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        load();
    }

    /** Takes the stored cut-offs and epoch as the ones in force (as at start-up). */
    void load() {
        current = stored();
    }

    /** The cut-offs last stored (by this replica or another), or none. */
    private Tiers stored() {
        Document stored = settings.find(Filters.eq("_id", "value-thresholds")).first();
        if (stored == null) {
            return new Tiers(ValueThresholds.NONE, 0);
        }
        Number epoch = stored.get("epoch", Number.class);
        return new Tiers(
                new ValueThresholds(
                        stored.getDouble("strategic"),
                        stored.getDouble("key"),
                        stored.getDouble("core"),
                        stored.get("basedOn", Number.class).longValue()),
                epoch == null ? 0 : epoch.longValue());
    }

    /** The cut-offs in force. */
    public ValueThresholds current() {
        return current.thresholds();
    }

    /** The cut-offs in force with their epoch, read together. */
    public Tiers tiers() {
        return current;
    }

    /** Recomputes the percentiles; back-fills the definitions reading the tier if they changed. */
    @Scheduled(
            every = "${rapport.segmentation.value-tiers-refresh:1h}",
            delayed = "${rapport.segmentation.scheduler-delay:30s}")
    void scheduledRefresh() {
        refresh();
    }

    /** Recomputes the percentiles now; back-fills the definitions reading the tier if they changed. */
    public ValueThresholds refresh() {
        double[] values = new double[1024];
        int n = 0;
        for (Document d : latestScores
                .collection()
                .find(Filters.exists("clv.predictedValue"))
                .projection(Projections.include("clv.predictedValue"))
                .batchSize(5000)) {
            Object v = d.get("clv", Document.class).get("predictedValue");
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = v instanceof Number num ? num.doubleValue() : Double.parseDouble(String.valueOf(v));
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        ValueThresholds next = ValueThresholds.fromSorted(sorted);
        boolean moved = !sameCutOffs(next, current.thresholds());
        // The epoch counts the moves of the stored cut-offs, not this replica's: a replica that back-fills
        // cut-offs another one stored already uses that one's epoch, so their change ids agree.
        Tiers stored = stored();
        long epoch = sameCutOffs(next, stored.thresholds()) ? stored.epoch() : stored.epoch() + 1;
        current = new Tiers(next, epoch);
        settings.replaceOne(
                Filters.eq("_id", "value-thresholds"),
                new Document("_id", "value-thresholds")
                        .append("strategic", next.strategic())
                        .append("key", next.key())
                        .append("core", next.core())
                        .append("basedOn", next.basedOn())
                        .append("epoch", epoch)
                        .append("computedAt", Date.from(clock.instant())),
                new ReplaceOptions().upsert(true));
        if (moved) {
            LOG.infof(
                    "Value tiers over %d accounts (epoch %d): strategic >= %.2f, key >= %.2f, core >= %.2f",
                    next.basedOn(), epoch, next.strategic(), next.key(), next.core());
            // Every definition that reads the tier: the four tier segments and analyst-defined ones.
            for (SegmentDefinition d : definitions.all()) {
                if (readsValueTier(d)) {
                    backfill.startTierRefresh(d);
                }
            }
        }
        return next;
    }

    private boolean readsValueTier(SegmentDefinition d) {
        if (d.attributes() != null) {
            return d.readsValueTier();
        }
        // stored before attributes were recorded and not reloaded since
        try {
            return expressions.compile(d.expression()).attributes().contains(SegmentDefinition.VALUE_TIER);
        } catch (InvalidExpressionException e) {
            return false;
        }
    }

    private static boolean sameCutOffs(ValueThresholds a, ValueThresholds b) {
        return a.strategic() == b.strategic() && a.key() == b.key() && a.core() == b.core();
    }
}
