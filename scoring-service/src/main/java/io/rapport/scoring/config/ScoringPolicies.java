package io.rapport.scoring.config;

import io.rapport.common.event.AccountKind;
import io.rapport.scoring.domain.ScoringPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The scoring policy of each account kind: the domain defaults with the {@code rapport.scoring.<kind>.*}
 * overrides applied, validated when the bean is created (at start-up, see {@code StartupChecks}) so a bad
 * value stops the service with a message naming the property.
 */
@ApplicationScoped
public class ScoringPolicies {
    static final String PREFIX = "rapport.scoring.";

    private final Map<AccountKind, ScoringPolicy> policies = new EnumMap<>(AccountKind.class);

    ScoringPolicies(ScoringConfig config) {
        List<String> violations = new ArrayList<>();
        if (!(config.publishThreshold() >= 0)) {
            violations.add(PREFIX + "publish-threshold must be >= 0, was " + config.publishThreshold());
        }
        if (config.clvHorizonDays() < 1 || config.clvHorizonDays() > 3650) {
            violations.add(PREFIX + "clv-horizon-days must be within [1, 3650], was " + config.clvHorizonDays());
        }
        if (config.clvMinRepeatBuyers() < 2) {
            violations.add(PREFIX + "clv-min-repeat-buyers must be >= 2, was " + config.clvMinRepeatBuyers());
        }
        if (config.recomputePageSize() < 1) {
            violations.add(PREFIX + "recompute-page-size must be >= 1, was " + config.recomputePageSize());
        }
        if (config.recomputeInterval().isNegative()
                || config.recomputeInterval().isZero()) {
            violations.add(PREFIX + "recompute-interval must be positive, was " + config.recomputeInterval());
        }
        for (AccountKind kind : AccountKind.values()) {
            String name = kind.name().toLowerCase(Locale.ROOT);
            ScoringPolicy policy = apply(ScoringPolicy.defaultsFor(kind), overrides(config, kind));
            for (String v : policy.violations(PREFIX + name + ".")) {
                violations.add(kebabProperty(v));
            }
            policies.put(kind, policy);
        }
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", violations));
        }
    }

    /** The policy for accounts of {@code kind}. */
    public ScoringPolicy forKind(AccountKind kind) {
        return policies.get(kind == null ? AccountKind.CUSTOMER : kind);
    }

    private static ScoringConfig.KindPolicy overrides(ScoringConfig c, AccountKind kind) {
        return switch (kind) {
            case SUPPLIER -> c.supplier();
            case PARTNER -> c.partner();
            default -> c.customer();
        };
    }

    static ScoringPolicy apply(ScoringPolicy d, ScoringConfig.KindPolicy o) {
        ScoringConfig.Weights w = o.weights();
        ScoringConfig.HalfLives h = o.halfLives();
        ScoringConfig.Bands b = o.bands();
        ScoringConfig.Risk r = o.risk();
        return new ScoringPolicy(
                new ScoringPolicy.Weights(
                        or(w.value(), d.weights().value()),
                        or(w.engagement(), d.weights().engagement()),
                        or(w.sentiment(), d.weights().sentiment()),
                        or(w.risk(), d.weights().risk())),
                new ScoringPolicy.HalfLives(
                        or(h.engagementDays(), d.halfLives().engagementDays()),
                        or(h.sentimentDays(), d.halfLives().sentimentDays()),
                        or(h.dormancyDays(), d.halfLives().dormancyDays())),
                d.windows(),
                new ScoringPolicy.BandThresholds(
                        or(b.healthy(), d.bands().healthy()),
                        or(b.watch(), d.bands().watch())),
                d.normalisation(),
                new ScoringPolicy.RiskFactors(
                        or(r.overdueInvoices(), d.risk().overdueInvoices()),
                        or(r.latePayments(), d.risk().latePayments()),
                        or(r.orderDecline(), d.risk().orderDecline()),
                        or(r.lowPAlive(), d.risk().lowPAlive()),
                        or(r.deliveryDelays(), d.risk().deliveryDelays()),
                        or(r.qualityIncidents(), d.risk().qualityIncidents())),
                d.lifecycle(),
                or(o.overdueGraceDays(), d.overdueGraceDays()),
                or(o.retentionDays(), d.retentionDays()));
    }

    private static double or(OptionalDouble v, double d) {
        return v.isPresent() ? v.getAsDouble() : d;
    }

    private static int or(OptionalInt v, int d) {
        return v.isPresent() ? v.getAsInt() : d;
    }

    /** Rewrites the domain's camelCase property path at the start of a violation into config's kebab-case. */
    static String kebabProperty(String violation) {
        int end = violation.indexOf(' ');
        if (end < 0) end = violation.length();
        String path = violation.substring(0, end);
        if (path.endsWith(":")) path = path.substring(0, path.length() - 1);
        String kebab = path.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        return kebab + violation.substring(path.length());
    }
}
