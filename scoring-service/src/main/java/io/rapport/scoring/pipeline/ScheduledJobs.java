package io.rapport.scoring.pipeline;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.rapport.common.event.ScoreCause;
import io.rapport.scoring.clv.ClvService;
import io.rapport.scoring.config.ScoringConfig;
import io.rapport.scoring.store.AccountStateRepository;
import io.rapport.scoring.store.ScoreHistoryRepository;
import io.rapport.scoring.store.StoredAccount;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Time passing: the periodic recompute of every account (engagement decays, P(alive) falls, invoices
 * become overdue, all without an event) and the periodic CLV refit. Both page through accounts by id.
 */
@ApplicationScoped
public class ScheduledJobs {
    private static final Logger LOG = Logger.getLogger(ScheduledJobs.class);

    private final AccountStateRepository states;
    private final ScoreHistoryRepository history;
    private final ScoringPipeline pipeline;
    private final ClvService clv;
    private final ScoringConfig config;
    private final Clock clock;

    ScheduledJobs(
            AccountStateRepository states,
            ScoreHistoryRepository history,
            ScoringPipeline pipeline,
            ClvService clv,
            ScoringConfig config,
            Clock clock) {
        this.states = states;
        this.history = history;
        this.pipeline = pipeline;
        this.clv = clv;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Creates the indexes at start-up ({@code _id} serves clv_models) and drops the write guard index of
     * earlier versions, before the Kafka channels start (they start in an observer of priority
     * {@code LIBRARY_BEFORE}).
     */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        states.createIndexes();
        history.createIndexes();
    }

    @Scheduled(
            identity = "scoring-recompute",
            every = "${rapport.scoring.recompute-interval:15m}",
            delayed = "${rapport.scoring.recompute-interval:15m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRecompute() {
        int published = recomputeAll(ScoreCause.TIME_DECAY);
        LOG.infof("Recompute published %d changed scores", published);
    }

    @Scheduled(
            identity = "scoring-clv-refit",
            every = "${rapport.scoring.clv-refit-interval:24h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefit() {
        refitAndRescore();
    }

    /** Rescores every account page by page; returns how many scores were published. */
    public int recomputeAll(ScoreCause cause) {
        int published = 0;
        String after = null;
        while (true) {
            List<StoredAccount> page = states.page(after, config.recomputePageSize());
            if (page.isEmpty()) return published;
            published += pipeline.rescore(page, cause);
            after = page.get(page.size() - 1).state().accountId();
        }
    }

    /** Refits the CLV models and, when a new version was stored, rescores every account with it. */
    public ClvService.RefitResult refitAndRescore() {
        ClvService.RefitResult result = clv.refit(clock.instant());
        if ("fitted".equals(result.status())) {
            recomputeAll(ScoreCause.MODEL_REFIT);
        }
        return result;
    }
}
