package io.rapport.alert.domain.rules;

import static io.rapport.alert.domain.rules.ParameterSpec.number;
import static io.rapport.alert.domain.rules.ParameterSpec.optionalString;
import static io.rapport.alert.domain.rules.ParameterSpec.string;
import static io.rapport.alert.domain.rules.ParameterSpec.strings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of rule, each with the parameters it accepts, the signals it reacts to and the values
 * its message templates may name (besides the common ones of {@link RuleEvaluator#COMMON_VALUES}).
 */
public enum RuleType {
    /** The score fell below {@code threshold}; clears when it is back at or above it. */
    SCORE_BELOW(List.of(number("threshold", 0, 100)), Set.of(Signal.Kind.SCORE), Set.of("threshold", "previousScore")),
    /** The score rose above {@code threshold}; clears when it is back at or below it. */
    SCORE_ABOVE(List.of(number("threshold", 0, 100)), Set.of(Signal.Kind.SCORE), Set.of("threshold", "previousScore")),
    /** The score fell by at least {@code points} from its highest value within the last {@code windowDays}. */
    SCORE_DROP(
            List.of(number("points", 0.1, 100), number("windowDays", 0.01, 90, 7)),
            Set.of(Signal.Kind.SCORE),
            Set.of("points", "windowDays", "drop", "peak")),
    /** The band changed (optionally only from {@code from} and/or to {@code to}). */
    BAND_CHANGE(
            List.of(optionalString("from"), optionalString("to")),
            Set.of(Signal.Kind.SCORE),
            Set.of("previousBand", "previousScore")),
    /** The account entered segment {@code segmentId} ({@code *} for any); clears when it leaves. */
    SEGMENT_ENTERED(List.of(string("segmentId")), Set.of(Signal.Kind.SEGMENT), Set.of("segmentId", "segmentName")),
    /** The account left segment {@code segmentId} ({@code *} for any); clears when it enters again. */
    SEGMENT_LEFT(List.of(string("segmentId")), Set.of(Signal.Kind.SEGMENT), Set.of("segmentId", "segmentName")),
    /**
     * No two-way interaction for {@code days}, for accounts whose tier is {@code minTier} or above in
     * {@code tierOrder} (lowest first).
     */
    INACTIVITY(
            List.of(
                    number("days", 1, 3650),
                    optionalString("minTier"),
                    strings("tierOrder", List.of("tail", "core", "key", "strategic"))),
            Set.of(Signal.Kind.SCORE, Signal.Kind.TICK),
            Set.of("days", "daysInactive", "minTier")),
    /** The oldest unpaid invoice is overdue by {@code days} or more; clears when nothing is overdue. */
    INVOICE_OVERDUE(
            List.of(number("days", 0, 3650)),
            Set.of(Signal.Kind.SCORE, Signal.Kind.TICK),
            Set.of("days", "daysOverdue", "overdueAmount", "overdueInvoices")),
    /** An order of at least {@code amount} (in {@code currency} when given). */
    LARGE_ORDER(
            List.of(number("amount", 0, 1e15), optionalString("currency")),
            Set.of(Signal.Kind.TRANSACTION),
            Set.of("amount", "orderAmount", "currency", "orderId")),
    /** An NPS answer of {@code maxNps} or less; clears on a later answer above it. */
    DETRACTOR_SURVEY(
            List.of(number("maxNps", 0, 10, 6)), Set.of(Signal.Kind.INTERACTION), Set.of("maxNps", "nps", "comment")),
    /** A complaint of {@code minSeverity} or worse; clears when no complaint is left in the recent window. */
    COMPLAINT(
            List.of(string("minSeverity", "low")),
            Set.of(Signal.Kind.INTERACTION, Signal.Kind.SCORE),
            Set.of("category", "complaintSeverity", "complaintDescription", "complaints30d")),
    /** P(alive) below {@code pAlive}; clears when it is back at or above. */
    CHURN_RISK(List.of(number("pAlive", 0, 1)), Set.of(Signal.Kind.SCORE), Set.of("pAliveThreshold", "pAliveValue")),
    /** Usage grew by the factor {@code minUsageGrowth} or more with a last NPS of {@code minNps} or more. */
    EXPANSION_SIGNAL(
            List.of(number("minUsageGrowth", 1, 1000, 1.2), number("minNps", 0, 10, 9)),
            Set.of(Signal.Kind.SCORE),
            Set.of("minUsageGrowth", "minNps", "usageGrowth", "usageGrowthPercent", "nps")),
    /** A delivery at least {@code minDaysLate} days late; clears when no delay is left in the recent window. */
    DELIVERY_DELAYED(
            List.of(number("minDaysLate", 0, 3650, 1)),
            Set.of(Signal.Kind.INTERACTION, Signal.Kind.SCORE),
            Set.of("minDaysLate", "daysLate", "orderId", "deliveryDelays30d")),
    /** A quality incident of {@code minSeverity} or worse; clears when none is left in the recent window. */
    QUALITY_INCIDENT(
            List.of(string("minSeverity", "low")),
            Set.of(Signal.Kind.INTERACTION, Signal.Kind.SCORE),
            Set.of("reference", "incidentSeverity", "incidentDescription", "qualityIncidents30d")),
    /** A contract renews within {@code days} while the account is in one of {@code bands}. */
    RENEWAL_APPROACHING(
            List.of(number("days", 0, 3650, 60), strings("bands", List.of("watch", "at_risk"))),
            Set.of(Signal.Kind.TRANSACTION, Signal.Kind.SCORE, Signal.Kind.TICK),
            Set.of("days", "daysToRenewal", "contractId", "renewalDate", "renewalAmount", "currency"));

    private final List<ParameterSpec> parameters;
    private final Set<Signal.Kind> signals;
    private final Set<String> values;

    RuleType(List<ParameterSpec> parameters, Set<Signal.Kind> signals, Set<String> values) {
        this.parameters = parameters;
        this.signals = signals;
        this.values = values;
    }

    /** The wire name, e.g. {@code score_below}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks a type up by its wire name. */
    public static Optional<RuleType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }

    /** The parameters this type accepts. */
    public List<ParameterSpec> parameters() {
        return parameters;
    }

    /** The signals this type is evaluated on. */
    public Set<Signal.Kind> signals() {
        return signals;
    }

    /** Placeholders this type adds for templates. */
    public Set<String> placeholders() {
        return values;
    }
}
