package io.rapport.alert.domain.rules;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Interactions;
import io.rapport.common.event.MembershipChange;
import io.rapport.common.event.ScoreBand;
import io.rapport.common.event.ScoreChangedEvent;
import io.rapport.common.event.SegmentChangedEvent;
import io.rapport.common.event.Severity;
import io.rapport.common.event.SurveyKind;
import io.rapport.common.event.Transactions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates rules on signals (pure: the caller supplies the account's facts, including the score
 * being evaluated) and renders what a firing rule's alert says: labels, summary, description and
 * the explanation of why.
 */
public final class RuleEvaluator {
    /** Placeholders every template may use, whatever the rule type. */
    public static final Set<String> COMMON_VALUES = Set.of(
            "account",
            "accountId",
            "accountName",
            "kind",
            "tier",
            "region",
            "score",
            "previousScore",
            "band",
            "rule",
            "topic",
            "severity",
            "eventId");

    /** Indicator names of {@code ScoreChangedEvent.indicators} the rules read. */
    static final String DAYS_SINCE_TWO_WAY = "daysSinceLastTwoWayInteraction";

    static final String MAX_DAYS_OVERDUE = "maxDaysOverdue";
    static final String OVERDUE_AMOUNT = "overdueAmount";
    static final String OVERDUE_INVOICES = "overdueInvoices";
    static final String COMPLAINTS_30D = "complaints30d";
    static final String DELIVERY_DELAYS_30D = "deliveryDelays30d";
    static final String QUALITY_INCIDENTS_30D = "qualityIncidents30d";
    static final String USAGE_GROWTH_30D = "usageGrowth30d";
    static final String LAST_NPS = "lastNps";
    static final String P_ALIVE = "pAlive";

    private RuleEvaluator() {}

    /** Every placeholder a template of this type may use. */
    public static Set<String> placeholders(RuleType type) {
        Set<String> all = new HashSet<>(COMMON_VALUES);
        all.addAll(type.placeholders());
        return Set.copyOf(all);
    }

    /**
     * Evaluates one rule on one signal. The list is empty when the rule does not apply (disabled,
     * another account kind, a signal the type ignores, a value it needs is missing).
     */
    public static List<RuleOutcome> evaluate(AlertRule rule, Signal signal, AccountFacts facts) {
        if (!rule.enabled() || !rule.type().signals().contains(signal.kind()) || !rule.appliesTo(facts.kind())) {
            return List.of();
        }
        ScoreChangedEvent s = facts.latestScore();
        Map<String, Double> ind = s == null ? Map.of() : s.indicators();
        Map<String, Object> v = new LinkedHashMap<>();
        return switch (rule.type()) {
            case SCORE_BELOW, SCORE_ABOVE -> {
                double threshold = rule.number("threshold");
                v.put("threshold", threshold);
                boolean below = rule.type() == RuleType.SCORE_BELOW;
                boolean holds = below ? s.score() < threshold : s.score() > threshold;
                yield List.of(
                        holds
                                ? new RuleOutcome.Fire("score", v)
                                : new RuleOutcome.Clear(
                                        null,
                                        "score " + fmt(s.score())
                                                + (below ? " is back at or above " : " is back at or below ")
                                                + fmt(threshold)));
            }
            case SCORE_DROP -> {
                double points = rule.number("points");
                double windowDays = rule.number("windowDays");
                Instant from = s.occurredAt().minus(Duration.ofMinutes(Math.round(windowDays * 24 * 60)));
                double peak = s.previousScore() == null ? s.score() : s.previousScore();
                for (AccountFacts.ScorePoint p : facts.scoreHistory()) {
                    if (!p.at().isBefore(from) && !p.at().isAfter(s.occurredAt())) {
                        peak = Math.max(peak, p.score());
                    }
                }
                double drop = peak - s.score();
                v.put("points", points);
                v.put("windowDays", windowDays);
                v.put("drop", round(drop));
                v.put("peak", peak);
                yield List.of(
                        drop >= points
                                ? new RuleOutcome.Fire("drop", v)
                                : new RuleOutcome.Clear(
                                        null, "drop within " + fmt(windowDays) + " days is " + fmt(drop) + " points"));
            }
            case BAND_CHANGE -> {
                String from = rule.string("from");
                String to = rule.string("to");
                ScoreBand previous = s.previousBand();
                v.put("previousBand", previous == null ? null : previous.wireName());
                if (previous != null
                        && previous != s.band()
                        && (from == null || from.equals(previous.wireName()))
                        && (to == null || to.equals(s.band().wireName()))) {
                    yield List.of(new RuleOutcome.Fire(to == null ? "band" : to, v));
                }
                if (to != null && !to.equals(s.band().wireName())) {
                    yield List.of(new RuleOutcome.Clear(
                            null, "band is now " + s.band().wireName()));
                }
                yield List.of();
            }
            case SEGMENT_ENTERED, SEGMENT_LEFT -> {
                SegmentChangedEvent change = ((Signal.Segment) signal).change();
                String wanted = rule.string("segmentId");
                if (!wanted.equals("*") && !wanted.equals(change.segmentId())) {
                    yield List.of();
                }
                // An analyst deleting a segment makes every member leave it: nothing happened to the accounts,
                // so no "left" alert fires (an open "entered" alert still clears below).
                if (rule.type() == RuleType.SEGMENT_LEFT
                        && SegmentChangedEvent.REASON_SEGMENT_DELETED.equals(
                                change.values().get("reason"))) {
                    yield List.of();
                }
                v.put("segmentId", change.segmentId());
                v.put("segmentName", change.segmentName());
                change.values().forEach((name, value) -> v.putIfAbsent("segment_" + name, value));
                MembershipChange firing =
                        rule.type() == RuleType.SEGMENT_ENTERED ? MembershipChange.ENTERED : MembershipChange.LEFT;
                yield List.of(
                        change.change() == firing
                                ? new RuleOutcome.Fire(change.segmentId(), v)
                                : new RuleOutcome.Clear(
                                        change.segmentId(),
                                        "account " + change.change().wireName() + " " + change.segmentName()));
            }
            case INACTIVITY -> {
                Double days = ind.get(DAYS_SINCE_TWO_WAY);
                if (days == null) {
                    yield List.of();
                }
                String minTier = rule.string("minTier");
                v.put("days", rule.number("days"));
                v.put("minTier", minTier);
                if (minTier != null) {
                    List<String> order = rule.strings("tierOrder");
                    int at = facts.tier() == null
                            ? -1
                            : order.indexOf(facts.tier().toLowerCase(Locale.ROOT));
                    if (at < order.indexOf(minTier)) {
                        yield List.of(new RuleOutcome.Clear(null, "tier " + facts.tier() + " is below " + minTier));
                    }
                }
                double inactive = days + elapsedDays(s, signal);
                v.put("daysInactive", round(inactive));
                yield List.of(
                        inactive >= rule.number("days")
                                ? new RuleOutcome.Fire("inactivity", v)
                                : new RuleOutcome.Clear(null, "two-way interaction " + fmt(inactive) + " days ago"));
            }
            case INVOICE_OVERDUE -> {
                Double overdue = ind.get(MAX_DAYS_OVERDUE);
                if (overdue == null) {
                    yield List.of();
                }
                double days = overdue > 0 ? overdue + elapsedDays(s, signal) : 0;
                v.put("days", rule.number("days"));
                v.put("daysOverdue", round(days));
                v.put("overdueAmount", ind.get(OVERDUE_AMOUNT));
                v.put("overdueInvoices", ind.get(OVERDUE_INVOICES));
                yield List.of(
                        days > 0 && days >= rule.number("days")
                                ? new RuleOutcome.Fire("overdue", v)
                                : new RuleOutcome.Clear(
                                        null,
                                        days == 0
                                                ? "no invoice overdue"
                                                : "oldest invoice overdue " + fmt(days) + " days"));
            }
            case LARGE_ORDER -> {
                if (!(((Signal.Transaction) signal).event() instanceof Transactions.Order order)) {
                    yield List.of();
                }
                String currency = rule.string("currency");
                if ((currency != null && !currency.equals(order.currency()))
                        || order.amount().compareTo(BigDecimal.valueOf(rule.number("amount"))) < 0) {
                    yield List.of();
                }
                v.put("amount", rule.number("amount"));
                v.put("orderAmount", order.amount());
                v.put("currency", order.currency());
                v.put("orderId", order.orderId());
                yield List.of(new RuleOutcome.Fire(order.orderId(), v));
            }
            case DETRACTOR_SURVEY -> {
                if (!(((Signal.Interaction) signal).event() instanceof Interactions.SurveyResponse survey)
                        || survey.survey() != SurveyKind.NPS) {
                    yield List.of();
                }
                double max = rule.number("maxNps");
                v.put("maxNps", max);
                v.put("nps", survey.score());
                v.put("comment", survey.comment());
                yield List.of(
                        survey.score() <= max
                                ? new RuleOutcome.Fire("nps", v)
                                : new RuleOutcome.Clear("nps", "a later NPS answer is " + survey.score()));
            }
            case COMPLAINT -> {
                if (signal instanceof Signal.Score) {
                    yield clearWhenNone(ind, COMPLAINTS_30D, "no complaint in the last 30 days");
                }
                if (!(((Signal.Interaction) signal).event() instanceof Interactions.Complaint complaint)
                        || !atLeast(complaint.severity(), rule.string("minSeverity"))) {
                    yield List.of();
                }
                v.put("category", complaint.category());
                v.put("complaintSeverity", complaint.severity().wireName());
                v.put("complaintDescription", complaint.description());
                v.put("complaints30d", ind.get(COMPLAINTS_30D));
                yield List.of(new RuleOutcome.Fire(complaint.category(), v));
            }
            case CHURN_RISK -> {
                Double pAlive = s.clv() != null ? Double.valueOf(s.clv().pAlive()) : ind.get(P_ALIVE);
                if (pAlive == null) {
                    yield List.of();
                }
                double threshold = rule.number("pAlive");
                v.put("pAliveThreshold", threshold);
                v.put("pAliveValue", pAlive);
                yield List.of(
                        pAlive < threshold
                                ? new RuleOutcome.Fire("churn", v)
                                : new RuleOutcome.Clear(null, "P(alive) is back to " + fmt(pAlive)));
            }
            case EXPANSION_SIGNAL -> {
                Double growth = ind.get(USAGE_GROWTH_30D);
                if (growth == null) {
                    yield List.of();
                }
                Double nps = ind.get(LAST_NPS);
                v.put("minUsageGrowth", rule.number("minUsageGrowth"));
                v.put("minNps", rule.number("minNps"));
                v.put("usageGrowth", growth);
                v.put("usageGrowthPercent", round((growth - 1) * 100));
                v.put("nps", nps);
                boolean holds = growth >= rule.number("minUsageGrowth") && nps != null && nps >= rule.number("minNps");
                yield List.of(
                        holds
                                ? new RuleOutcome.Fire("expansion", v)
                                : new RuleOutcome.Clear(null, "usage growth or NPS below the signal"));
            }
            case DELIVERY_DELAYED -> {
                if (signal instanceof Signal.Score) {
                    yield clearWhenNone(ind, DELIVERY_DELAYS_30D, "no delayed delivery in the last 30 days");
                }
                if (!(((Signal.Interaction) signal).event() instanceof Interactions.DeliveryDelayed delay)
                        || delay.daysLate() < rule.number("minDaysLate")) {
                    yield List.of();
                }
                v.put("minDaysLate", rule.number("minDaysLate"));
                v.put("daysLate", delay.daysLate());
                v.put("orderId", delay.orderId());
                v.put("deliveryDelays30d", ind.get(DELIVERY_DELAYS_30D));
                yield List.of(new RuleOutcome.Fire("delivery", v));
            }
            case QUALITY_INCIDENT -> {
                if (signal instanceof Signal.Score) {
                    yield clearWhenNone(ind, QUALITY_INCIDENTS_30D, "no quality incident in the last 30 days");
                }
                if (!(((Signal.Interaction) signal).event() instanceof Interactions.QualityIncident incident)
                        || !atLeast(incident.severity(), rule.string("minSeverity"))) {
                    yield List.of();
                }
                v.put("reference", incident.reference());
                v.put("incidentSeverity", incident.severity().wireName());
                v.put("incidentDescription", incident.description());
                v.put("qualityIncidents30d", ind.get(QUALITY_INCIDENTS_30D));
                yield List.of(new RuleOutcome.Fire("quality", v));
            }
            case RENEWAL_APPROACHING -> {
                if (s == null) {
                    yield List.of();
                }
                LocalDate today = LocalDate.ofInstant(
                        signal instanceof Signal.Tick tick ? tick.now() : signal.occurredAt(), ZoneOffset.UTC);
                List<RuleOutcome> outcomes = new ArrayList<>();
                boolean bandMatches = rule.strings("bands").contains(s.band().wireName());
                for (AccountFacts.Renewal renewal : facts.renewals()) {
                    long daysTo = ChronoUnit.DAYS.between(today, renewal.renewalDate());
                    if (bandMatches && daysTo >= 0 && daysTo <= rule.number("days")) {
                        Map<String, Object> values = new LinkedHashMap<>();
                        values.put("days", rule.number("days"));
                        values.put("daysToRenewal", daysTo);
                        values.put("contractId", renewal.contractId());
                        values.put("renewalDate", renewal.renewalDate().toString());
                        values.put("renewalAmount", renewal.amount());
                        values.put("currency", renewal.currency());
                        outcomes.add(new RuleOutcome.Fire(renewal.contractId(), values));
                    } else {
                        outcomes.add(new RuleOutcome.Clear(
                                renewal.contractId(),
                                daysTo < 0
                                        ? "renewal date passed"
                                        : bandMatches
                                                ? "renewal more than the window away"
                                                : "band is " + s.band().wireName()));
                    }
                }
                yield outcomes;
            }
        };
    }

    /** The values every template may use, for an account and a rule. */
    public static Map<String, Object> commonValues(AlertRule rule, AccountFacts facts, String eventId) {
        Map<String, Object> v = new LinkedHashMap<>();
        ScoreChangedEvent s = facts.latestScore();
        v.put("account", facts.name() != null ? facts.name() : facts.accountId());
        v.put("accountId", facts.accountId());
        v.put("accountName", facts.name());
        v.put("kind", facts.kind() == null ? null : facts.kind().wireName());
        v.put("tier", facts.tier());
        v.put("region", facts.region());
        v.put("score", s == null ? null : s.score());
        v.put("previousScore", s == null ? null : s.previousScore());
        v.put("band", s == null ? null : s.band().wireName());
        v.put("rule", rule.id());
        v.put("topic", rule.topic());
        v.put("severity", rule.severity().wireName());
        v.put("eventId", eventId);
        return v;
    }

    /**
     * What an alert of {@code rule} says when {@code fire} holds: labels, summary, description and
     * the explanation (values, score movement and its biggest movers).
     */
    public static Rendered render(AlertRule rule, AccountFacts facts, RuleOutcome.Fire fire, String eventId) {
        Map<String, Object> values = commonValues(rule, facts, eventId);
        values.putAll(fire.values());
        Set<String> known = placeholders(rule.type());
        String summary = MessageTemplate.parse(rule.summary(), known).render(values);
        String description = rule.description() == null
                ? null
                : MessageTemplate.parse(rule.description(), known).render(values);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.putAll(rule.labels());
        labels.put("topic", rule.topic());
        labels.put("severity", rule.severity().wireName());
        labels.put("account", facts.accountId());
        labels.put("rule", rule.id());
        putIfPresent(
                labels,
                "account_kind",
                facts.kind() == null ? null : facts.kind().wireName());
        putIfPresent(labels, "region", facts.region());
        putIfPresent(labels, "tier", facts.tier());
        if (rule.type() == RuleType.SEGMENT_ENTERED || rule.type() == RuleType.SEGMENT_LEFT) {
            putIfPresent(labels, "segment", String.valueOf(fire.values().get("segmentId")));
        }
        Map<String, Object> explanation = new LinkedHashMap<>();
        explanation.put("rule", rule.id());
        explanation.put("ruleType", rule.type().wireName());
        explanation.put("condition", condition(rule));
        fire.values()
                .forEach((k, value) -> explanation.put(k, value instanceof BigDecimal b ? b.toPlainString() : value));
        if (eventId != null) {
            explanation.put("causingEventId", eventId);
        }
        ScoreChangedEvent s = facts.latestScore();
        if (s != null) {
            explanation.put("score", s.score());
            explanation.put("previousScore", s.previousScore());
            explanation.put("band", s.band().wireName());
            explanation.put("scoreRevision", s.revision());
            List<String> movers = s.components().stream()
                    .filter(c -> c.previousValue() != null && c.previousValue() != c.value())
                    .sorted(Comparator.comparingDouble(
                                    (ScoreChangedEvent.ComponentValue c) -> Math.abs(c.value() - c.previousValue()))
                            .reversed())
                    .limit(3)
                    .map(c -> c.name() + " " + fmt(c.previousValue()) + " -> " + fmt(c.value()))
                    .toList();
            if (!movers.isEmpty()) {
                explanation.put("biggestMovers", String.join("; ", movers));
            }
        }
        return new Rendered(labels, summary, description, explanation);
    }

    /** A human sentence for the rule's condition, e.g. {@code score_below(threshold=40)}. */
    public static String condition(AlertRule rule) {
        StringBuilder b = new StringBuilder(rule.type().wireName()).append('(');
        String sep = "";
        for (var e : rule.parameters().entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(MessageTemplate.format(e.getValue()));
            sep = ", ";
        }
        if (!rule.accountKinds().isEmpty()) {
            b.append(sep)
                    .append("accountKinds=")
                    .append(rule.accountKinds().stream()
                            .map(AccountKind::wireName)
                            .sorted()
                            .toList());
        }
        return b.append(')').toString();
    }

    /** Labels, texts and explanation of a firing rule. */
    public record Rendered(
            Map<String, String> labels, String summary, String description, Map<String, Object> explanation) {}

    private static List<RuleOutcome> clearWhenNone(Map<String, Double> ind, String indicator, String why) {
        Double count = ind.get(indicator);
        return count != null && count == 0 ? List.of(new RuleOutcome.Clear(null, why)) : List.of();
    }

    private static boolean atLeast(Severity severity, String min) {
        return severity.ordinal()
                >= Severity.valueOf(min.toUpperCase(Locale.ROOT)).ordinal();
    }

    /** Days from the score's time to the tick (0 for other signals): indicators age with the clock. */
    private static double elapsedDays(ScoreChangedEvent s, Signal signal) {
        if (!(signal instanceof Signal.Tick tick) || tick.now().isBefore(s.occurredAt())) {
            return 0;
        }
        return Duration.between(s.occurredAt(), tick.now()).toMinutes() / (24.0 * 60);
    }

    private static void putIfPresent(Map<String, String> labels, String name, String value) {
        if (value != null && !value.isBlank() && !value.equals("null")) {
            labels.put(name, value);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String fmt(double value) {
        return MessageTemplate.format(value);
    }
}
