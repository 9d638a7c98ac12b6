package io.rapport.scoring.clv;

import io.rapport.scoring.config.ScoringConfig;
import io.rapport.scoring.domain.AccountState;
import io.rapport.scoring.domain.ClvInputs;
import io.rapport.scoring.domain.clv.BgNbdFitter;
import io.rapport.scoring.domain.clv.ClvTimeUnit;
import io.rapport.scoring.domain.clv.CustomerLifetimeValue;
import io.rapport.scoring.domain.clv.CustomerValue;
import io.rapport.scoring.domain.clv.FittedBgNbd;
import io.rapport.scoring.domain.clv.FittedGammaGamma;
import io.rapport.scoring.domain.clv.GammaGammaFitter;
import io.rapport.scoring.domain.clv.GammaGammaModel;
import io.rapport.scoring.domain.clv.Purchase;
import io.rapport.scoring.domain.clv.RepeatPurchaseSummary;
import io.rapport.scoring.domain.clv.RfmScore;
import io.rapport.scoring.store.AccountStateRepository;
import io.rapport.scoring.store.ClvModelRepository;
import io.rapport.scoring.store.StoredAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The current lifetime-value model and what it says about each account: P(alive), expected transactions
 * and predicted value over the horizon (BG/NBD + Gamma-Gamma, in days) and RFM quintiles against the base
 * as of the last fit. Purchases are an account's order days (orders of one UTC day are one transaction,
 * the CDNOW convention) with that day's order value.
 */
@ApplicationScoped
public class ClvService {
    private static final Logger LOG = Logger.getLogger(ClvService.class);
    /** RFM distributions are kept as at most this many quantiles, so the model document stays small. */
    static final int RFM_QUANTILES = 1000;

    /** The models' view of one account. */
    public record AccountClv(
            double pAlive, double expectedTransactions, BigDecimal predictedValue, RfmScore rfm, String modelVersion) {
        /** What the score calculator reads. */
        public ClvInputs inputs() {
            return new ClvInputs(pAlive, predictedValue);
        }
    }

    /** Outcome of a refit. */
    public record RefitResult(String status, String detail, ClvModel model) {}

    private final ClvModelRepository models;
    private final AccountStateRepository accounts;
    private final ScoringConfig config;
    private volatile ClvModel current;
    private volatile boolean loaded;

    ClvService(ClvModelRepository models, AccountStateRepository accounts, ScoringConfig config) {
        this.models = models;
        this.accounts = accounts;
        this.config = config;
    }

    /** The model scores use now, if one was fitted. */
    public Optional<ClvModel> current() {
        if (!loaded) {
            synchronized (this) {
                if (!loaded) {
                    current = models.latest().orElse(null);
                    loaded = true;
                }
            }
        }
        return Optional.ofNullable(current);
    }

    /** The model's figures for {@code state} as of {@code now}, or null without a model or a purchase. */
    public AccountClv evaluate(AccountState state, Instant now) {
        ClvModel model = current().orElse(null);
        if (model == null) return null;
        RepeatPurchaseSummary summary = summary(state, now);
        if (summary == null) return null;
        CustomerValue v = new CustomerLifetimeValue(model.bgNbd(), model.gammaGamma(), ClvTimeUnit.DAYS)
                .predict(summary, model.horizonDays());
        RfmScore rfm = new RfmScore(
                ClvModel.RfmDistribution.quintile(model.rfm().recency(), -(summary.T() - summary.tx())),
                ClvModel.RfmDistribution.quintile(model.rfm().frequency(), summary.x()),
                ClvModel.RfmDistribution.quintile(model.rfm().monetary(), summary.meanRepeatValue()));
        BigDecimal predicted =
                BigDecimal.valueOf(Math.min(v.predictedValue(), 1e14)).setScale(4, RoundingMode.HALF_UP);
        return new AccountClv(
                Math.max(0, Math.min(1, v.probabilityAlive())),
                v.expectedTransactions(),
                predicted,
                rfm,
                model.label());
    }

    /** The repeat-purchase summary of an account as of {@code now}, or null when it never ordered. */
    public static RepeatPurchaseSummary summary(AccountState state, Instant now) {
        List<Purchase> purchases = new ArrayList<>();
        LocalDate today = AccountState.dayOf(now);
        state.days().forEach((day, signals) -> {
            if (signals.count(AccountState.Signal.ORDERS) > 0 && !day.isAfter(today)) {
                purchases.add(Purchase.on(day, signals.amount(AccountState.Amount.ORDER_VALUE)));
            }
        });
        if (purchases.isEmpty()) return null;
        return RepeatPurchaseSummary.fromPurchases(purchases, today, ClvTimeUnit.DAYS);
    }

    /**
     * Fits both models over every stored account and stores them as a new version, unless fewer than
     * {@code rapport.scoring.clv-min-repeat-buyers} accounts have a repeat purchase.
     */
    public synchronized RefitResult refit(Instant now) {
        List<RepeatPurchaseSummary> summaries = new ArrayList<>();
        String after = null;
        while (true) {
            List<StoredAccount> page = accounts.page(after, 1000);
            if (page.isEmpty()) break;
            for (StoredAccount a : page) {
                RepeatPurchaseSummary s = summary(a.state(), now);
                if (s != null) summaries.add(s);
            }
            after = page.get(page.size() - 1).state().accountId();
        }
        long repeatBuyers =
                summaries.stream().filter(GammaGammaModel::appliesTo).count();
        if (repeatBuyers < config.clvMinRepeatBuyers()) {
            String detail = "only " + repeatBuyers + " of " + summaries.size()
                    + " accounts with purchases have a repeat purchase; at least " + config.clvMinRepeatBuyers()
                    + " are needed (rapport.scoring.clv-min-repeat-buyers)";
            LOG.infof("CLV refit skipped: %s", detail);
            return new RefitResult("skipped", detail, current().orElse(null));
        }
        FittedBgNbd bg = new BgNbdFitter().fit(summaries);
        FittedGammaGamma gg = new GammaGammaFitter().fit(summaries);
        ClvModel model = new ClvModel(
                models.nextVersion(),
                now,
                bg.model(),
                bg.logLikelihood(),
                bg.converged(),
                gg.model(),
                gg.logLikelihood(),
                bg.customers(),
                gg.customers(),
                config.clvHorizonDays(),
                new ClvModel.RfmDistribution(
                        quantiles(summaries.stream()
                                .mapToDouble(s -> -(s.T() - s.tx()))
                                .toArray()),
                        quantiles(summaries.stream()
                                .mapToDouble(RepeatPurchaseSummary::x)
                                .toArray()),
                        quantiles(summaries.stream()
                                .mapToDouble(RepeatPurchaseSummary::meanRepeatValue)
                                .toArray())));
        models.insert(model);
        current = model;
        loaded = true;
        LOG.infof(
                "CLV models fitted as %s over %d accounts (%d repeat buyers), BG/NBD log-likelihood %.2f",
                model.label(), model.accounts(), model.repeatBuyers(), model.bgNbdLogLikelihood());
        return new RefitResult("fitted", "fitted over " + summaries.size() + " accounts", model);
    }

    static double[] quantiles(double[] values) {
        Arrays.sort(values);
        if (values.length <= RFM_QUANTILES + 1) return values;
        double[] q = new double[RFM_QUANTILES + 1];
        for (int k = 0; k <= RFM_QUANTILES; k++) {
            q[k] = values[(int) ((long) k * (values.length - 1) / RFM_QUANTILES)];
        }
        return q;
    }
}
