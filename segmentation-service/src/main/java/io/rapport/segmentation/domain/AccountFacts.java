package io.rapport.segmentation.domain;

import io.rapport.common.event.ScoreChangedEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What segment expressions see of one account: its attributes, its latest score with components,
 * lifecycle, RFM and CLV figures, indicators and how the score moved over 7 and 30 days. Built from the
 * account's latest {@link ScoreChangedEvent}; absent figures read as neutral values (0, "") so an
 * expression never fails on a missing field. The names are the CEL variables of {@link SegmentExpressions}.
 */
public record AccountFacts(
        String accountId,
        long revision,
        Instant occurredAt,
        String name,
        String kind,
        String industry,
        String region,
        String tier,
        String owningTeam,
        List<String> tags,
        double score,
        String band,
        String lifecycle,
        Map<String, Double> components,
        Map<String, Long> rfm,
        Map<String, Double> clv,
        Map<String, Double> indicators,
        double scoreChange7d,
        double scoreChange30d,
        String valueTier,
        Double predictedValue,
        Instant lastActivity) {

    /** Component names scoring publishes; an expression naming another is rejected. */
    public static final List<String> COMPONENT_KEYS = List.of("value", "engagement", "sentiment", "risk");
    /** Keys of {@code rfm}: the three quintiles and {@code fm}, the rounded mean of frequency and monetary. */
    public static final List<String> RFM_KEYS = List.of("recency", "frequency", "monetary", "fm");
    /** Keys of {@code clv}. */
    public static final List<String> CLV_KEYS =
            List.of("pAlive", "expectedTransactions", "predictedValue", "horizonDays");

    /** A score point for the 7- and 30-day changes: the score an account had at a time. */
    public record ScorePoint(Instant at, double score) {}

    /** Facts of an account from its latest score, the value thresholds and its recent score points. */
    public static AccountFacts of(ScoreChangedEvent s, ValueThresholds thresholds, List<ScorePoint> trail) {
        var account = s.account();
        Map<String, Double> components = new LinkedHashMap<>();
        COMPONENT_KEYS.forEach(k -> components.put(k, 0.0));
        s.components().forEach(c -> components.put(c.name(), c.value()));
        Map<String, Long> rfm = new LinkedHashMap<>();
        if (s.rfm() != null) {
            rfm.put("recency", (long) s.rfm().recency());
            rfm.put("frequency", (long) s.rfm().frequency());
            rfm.put("monetary", (long) s.rfm().monetary());
            rfm.put("fm", (long) fm(s.rfm().frequency(), s.rfm().monetary()));
        } else {
            RFM_KEYS.forEach(k -> rfm.put(k, 0L));
        }
        Map<String, Double> clv = new LinkedHashMap<>();
        Double predicted = null;
        if (s.clv() != null) {
            predicted = s.clv().predictedValue().doubleValue();
            clv.put("pAlive", s.clv().pAlive());
            clv.put("expectedTransactions", s.clv().expectedTransactions());
            clv.put("predictedValue", predicted);
            clv.put("horizonDays", (double) s.clv().horizonDays());
        } else {
            CLV_KEYS.forEach(k -> clv.put(k, 0.0));
        }
        Double idle = s.indicators().get("daysSinceLastInteraction");
        Instant lastActivity =
                idle == null ? s.occurredAt() : s.occurredAt().minus(Duration.ofSeconds((long) (idle * 86_400)));
        return new AccountFacts(
                s.accountId(),
                s.revision(),
                s.occurredAt(),
                account == null ? "" : nz(account.name()),
                account == null ? "" : account.kind().wireName(),
                account == null ? "" : nz(account.industry()),
                account == null ? "" : nz(account.region()),
                account == null ? "" : nz(account.tier()),
                account == null ? "" : nz(account.owningTeam()),
                account == null ? List.of() : List.copyOf(account.tags()),
                s.score(),
                s.band().wireName(),
                s.lifecycleStage().wireName(),
                Map.copyOf(components),
                Map.copyOf(rfm),
                Map.copyOf(clv),
                Map.copyOf(s.indicators()),
                change(s, trail, Duration.ofDays(7)),
                change(s, trail, Duration.ofDays(30)),
                thresholds.tierOf(predicted),
                predicted,
                lastActivity);
    }

    /** The rounded (half up) mean of the frequency and monetary quintiles, the "FM" of the RFM mapping. */
    public static int fm(int frequency, int monetary) {
        return (frequency + monetary + 1) / 2;
    }

    /** The CEL activation: one entry per declared variable. */
    public Map<String, Object> variables() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("accountId", accountId);
        v.put("name", name);
        v.put("kind", kind);
        v.put("industry", industry);
        v.put("region", region);
        v.put("tier", tier);
        v.put("owningTeam", owningTeam);
        v.put("tags", tags);
        v.put("score", score);
        v.put("band", band);
        v.put("lifecycle", lifecycle);
        v.put("components", components);
        v.put("rfm", rfm);
        v.put("clv", clv);
        v.put("indicators", indicators);
        v.put("scoreChange7d", scoreChange7d);
        v.put("scoreChange30d", scoreChange30d);
        v.put("valueTier", valueTier);
        return v;
    }

    /** The values recorded with an entry or exit: what the decision was made on, without the bulk. */
    public Map<String, Object> summary() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("revision", revision);
        v.put("score", score);
        v.put("band", band);
        v.put("lifecycle", lifecycle);
        v.put("rfm", rfm.get("recency") + "" + rfm.get("frequency") + rfm.get("monetary"));
        if (predictedValue != null) {
            v.put("predictedValue", predictedValue);
        }
        v.put("valueTier", valueTier);
        v.put("scoreChange7d", scoreChange7d);
        v.put("scoreChange30d", scoreChange30d);
        if (!tier.isEmpty()) {
            v.put("tier", tier);
        }
        return v;
    }

    private static double change(ScoreChangedEvent s, List<ScorePoint> trail, Duration window) {
        Instant from = s.occurredAt().minus(window);
        // The score as it stood at the start of the window: the last point at or before it, else the
        // oldest point inside the window (the account is younger than the window).
        ScorePoint base = null;
        for (ScorePoint p : trail) {
            if (p.at().isAfter(s.occurredAt())) {
                continue;
            }
            if (!p.at().isAfter(from)) {
                if (base == null || base.at().isAfter(from) || p.at().isAfter(base.at())) {
                    base = p;
                }
            } else if (base == null || (base.at().isAfter(from) && p.at().isBefore(base.at()))) {
                base = p;
            }
        }
        if (base == null) {
            return 0.0;
        }
        return BigDecimal.valueOf(s.score() - base.score())
                .setScale(4, java.math.RoundingMode.HALF_EVEN)
                .doubleValue();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
