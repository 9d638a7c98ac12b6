package io.rapport.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The scoring service's own knobs ({@code rapport.scoring.*}). Per-kind policy values override the
 * domain defaults of {@link io.rapport.scoring.domain.ScoringPolicy#defaultsFor}; a value left out keeps
 * the default (whose reasoning is in that class's Javadoc).
 */
@ConfigMapping(prefix = "rapport.scoring")
public interface ScoringConfig {

    /** Points by which the score or a component must move (strictly more) before a new score is published. */
    @WithDefault("1.0")
    double publishThreshold();

    /**
     * Threads that parse a batch's records and fold and score its accounts (0: one per available core).
     * The store is still read and written once per batch, whatever the number.
     */
    @WithDefault("0")
    int batchParallelism();

    /** How often every account is rescored so that silent accounts decay. */
    @WithDefault("15m")
    Duration recomputeInterval();

    /** Accounts read per page by the scheduled recompute. */
    @WithDefault("500")
    int recomputePageSize();

    /** How often the CLV models are refitted over the account base. */
    @WithDefault("24h")
    Duration clvRefitInterval();

    /** Horizon of expected transactions and predicted value, in days. */
    @WithDefault("90")
    int clvHorizonDays();

    /** Fewer repeat buyers than this and the CLV refit is skipped (the fit would be noise). */
    @WithDefault("50")
    int clvMinRepeatBuyers();

    /**
     * Chunks a batch's accounts go through: each chunk is read, then scored while the next ones are read
     * and the earlier ones written, so the store is not idle while the batch is scored (chunks have at
     * least 50 accounts; 1 = the whole batch at once).
     */
    @WithDefault("4")
    int batchChunks();

    /**
     * Score revisions per {@code score_history} document: an account's newest revisions stay in its state
     * document (written anyway) until this many have accumulated, then move to the history in one
     * document. Larger: fewer history writes, a bigger state document.
     */
    @WithDefault("8")
    int historyBucketSize();

    /** Times the consumer reloads and reapplies an account whose document another writer changed. */
    @WithDefault("5")
    int maxWriteConflictRetries();

    /** Value of {@code source} on published scores. */
    @WithDefault("scoring-service")
    String source();

    /** Policy overrides for customers. */
    KindPolicy customer();

    /** Policy overrides for suppliers. */
    KindPolicy supplier();

    /** Policy overrides for partners. */
    KindPolicy partner();

    /** Overrides of one kind's policy; each absent value keeps the domain default. */
    interface KindPolicy {
        Weights weights();

        @WithName("half-lives")
        HalfLives halfLives();

        Bands bands();

        Risk risk();

        /** Days after the due date before an unpaid invoice counts as overdue. */
        OptionalInt overdueGraceDays();

        /** Days that day buckets and event ids are kept. */
        OptionalInt retentionDays();
    }

    /** Component weights; the four must sum to 1. */
    interface Weights {
        OptionalDouble value();

        OptionalDouble engagement();

        OptionalDouble sentiment();

        OptionalDouble risk();
    }

    /** Half-lives in days. */
    interface HalfLives {
        OptionalDouble engagementDays();

        OptionalDouble sentimentDays();

        OptionalDouble dormancyDays();
    }

    /** Band thresholds on the 0–100 score. */
    interface Bands {
        OptionalDouble healthy();

        OptionalDouble watch();
    }

    /** Risk factor weights, each within [0, 1]. */
    interface Risk {
        OptionalDouble overdueInvoices();

        OptionalDouble latePayments();

        OptionalDouble orderDecline();

        OptionalDouble lowPAlive();

        OptionalDouble deliveryDelays();

        OptionalDouble qualityIncidents();
    }
}
