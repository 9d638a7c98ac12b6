package io.rapport.segmentation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The segmentation service's own knobs ({@code rapport.segmentation.*}). */
@ConfigMapping(prefix = "rapport.segmentation")
public interface SegmentationConfig {
    /** Accounts read and written per back-fill page. */
    @WithDefault("1000")
    int backfillPageSize();

    /** How often definitions changed by another replica are picked up. */
    @WithDefault("15s")
    Duration definitionsRefresh();

    /** How often the predicted-value percentiles of the value tiers are recomputed over the base. */
    @WithDefault("1h")
    Duration valueTiersRefresh();

    /** How long after start-up the value-tier refresh and the size snapshots first run. */
    @WithDefault("30s")
    Duration schedulerDelay();

    /** How often today's size of every segment is recorded in the daily series. */
    @WithDefault("10m")
    Duration sizesSnapshot();

    /** Largest page of {@code GET /v1/segments/{id}/members}. */
    @WithDefault("1000")
    int maxPageSize();

    /** Score points kept per account for the 7- and 30-day score changes. */
    @WithDefault("64")
    int scoreTrailPoints();
}
