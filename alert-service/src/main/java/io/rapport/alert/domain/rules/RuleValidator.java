package io.rapport.alert.domain.rules;

import io.rapport.alert.domain.routing.PromDuration;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.AlertSeverity;
import io.rapport.common.event.ScoreBand;
import io.rapport.common.event.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a {@link RuleDefinition} into an {@link AlertRule}, or reports every field that is wrong. */
public final class RuleValidator {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final Pattern TOPIC = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,63}");
    /** Labels the service sets itself; a rule cannot override them. */
    public static final Set<String> RESERVED_LABELS =
            Set.of("topic", "severity", "account", "account_kind", "rule", "segment", "region", "tier");

    private RuleValidator() {}

    /**
     * Validates and normalises a definition: parameters get their defaults, names are checked.
     *
     * @throws RuleValidationException naming each offending field
     */
    public static AlertRule validate(RuleDefinition d) {
        List<RuleValidationException.FieldError> errors = new ArrayList<>();
        if (d.id() == null || !ID.matcher(d.id()).matches()) {
            errors.add(error("id", "must match " + ID.pattern()));
        }
        RuleType type = null;
        if (d.type() == null) {
            errors.add(error("type", "is required; one of " + typeNames()));
        } else {
            type = RuleType.fromWireName(d.type()).orElse(null);
            if (type == null) {
                errors.add(error("type", "unknown rule type '" + d.type() + "'; one of " + typeNames()));
            }
        }
        Map<String, Object> parameters = type == null ? Map.of() : parameters(type, d.parameters(), errors);
        if (d.topic() == null || !TOPIC.matcher(d.topic()).matches()) {
            errors.add(error("topic", "is required and must match " + TOPIC.pattern()));
        }
        AlertSeverity severity = null;
        if (d.severity() == null) {
            errors.add(error("severity", "is required; one of [info, warning, critical]"));
        } else {
            try {
                severity = AlertSeverity.valueOf(d.severity().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(
                        error("severity", "unknown severity '" + d.severity() + "'; one of [info, warning, critical]"));
            }
        }
        Map<String, String> labels = d.labels() == null ? Map.of() : d.labels();
        labels.forEach((name, value) -> {
            if (!LABEL_NAME.matcher(name).matches()) {
                errors.add(error("labels." + name, "label name must match " + LABEL_NAME.pattern()));
            } else if (RESERVED_LABELS.contains(name)) {
                errors.add(error("labels." + name, "is set by the service and cannot be overridden"));
            } else if (value == null || value.isBlank()) {
                errors.add(error("labels." + name, "must not be empty"));
            }
        });
        Set<String> known = type == null ? Set.of() : RuleEvaluator.placeholders(type);
        if (d.summary() == null || d.summary().isBlank()) {
            errors.add(error("summary", "is required"));
        } else if (type != null) {
            template("summary", d.summary(), known, errors);
        }
        if (d.description() != null && type != null) {
            template("description", d.description(), known, errors);
        }
        Set<AccountKind> kinds = EnumSet.noneOf(AccountKind.class);
        List<String> kindNames = d.accountKinds() == null ? List.of() : d.accountKinds();
        for (int i = 0; i < kindNames.size(); i++) {
            try {
                kinds.add(AccountKind.valueOf(String.valueOf(kindNames.get(i)).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(error(
                        "accountKinds[" + i + "]",
                        "unknown account kind '" + kindNames.get(i) + "'; one of [customer, supplier, partner]"));
            }
        }
        Duration resolveAfter = null;
        if (d.resolveAfter() != null && !d.resolveAfter().isBlank()) {
            try {
                resolveAfter = d.resolveAfter().startsWith("P")
                        ? Duration.parse(d.resolveAfter())
                        : PromDuration.parse(d.resolveAfter());
                if (resolveAfter.isNegative() || resolveAfter.isZero()) {
                    errors.add(error("resolveAfter", "must be positive"));
                }
            } catch (RuntimeException e) {
                errors.add(error("resolveAfter", "not a duration such as 72h, 7d or PT72H: " + d.resolveAfter()));
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleValidationException(errors);
        }
        return new AlertRule(
                d.id(),
                type,
                parameters,
                d.topic(),
                severity,
                labels,
                d.summary(),
                d.description(),
                kinds,
                d.enabled() == null || d.enabled(),
                resolveAfter);
    }

    /** The definition of a validated rule (for storing and listing). */
    public static RuleDefinition toDefinition(AlertRule rule) {
        return new RuleDefinition(
                rule.id(),
                rule.type().wireName(),
                rule.parameters(),
                rule.topic(),
                rule.severity().wireName(),
                rule.labels(),
                rule.summary(),
                rule.description(),
                rule.accountKinds().stream().map(AccountKind::wireName).sorted().toList(),
                rule.enabled(),
                rule.resolveAfter() == null ? null : PromDuration.format(rule.resolveAfter()));
    }

    private static Map<String, Object> parameters(
            RuleType type, Map<String, Object> given, List<RuleValidationException.FieldError> errors) {
        Map<String, Object> in = given == null ? Map.of() : given;
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (ParameterSpec spec : type.parameters()) {
            names.add(spec.name());
            String field = "parameters." + spec.name();
            Object value = in.get(spec.name());
            if (value == null) {
                if (spec.required()) {
                    errors.add(error(field, "is required for type " + type.wireName()));
                } else if (spec.defaultValue() != null) {
                    out.put(spec.name(), spec.defaultValue());
                }
                continue;
            }
            switch (spec.kind()) {
                case NUMBER -> {
                    if (!(value instanceof Number n)) {
                        errors.add(error(field, "must be a number, was '" + value + "'"));
                    } else if (n.doubleValue() < spec.min() || n.doubleValue() > spec.max()) {
                        errors.add(error(
                                field,
                                "must be between " + MessageTemplate.format(spec.min()) + " and "
                                        + MessageTemplate.format(spec.max()) + ", was "
                                        + MessageTemplate.format(n.doubleValue())));
                    } else {
                        out.put(spec.name(), n.doubleValue());
                    }
                }
                case STRING -> {
                    if (!(value instanceof String s) || s.isBlank()) {
                        errors.add(error(field, "must be a non-empty string"));
                    } else {
                        out.put(spec.name(), s);
                    }
                }
                case STRING_LIST -> {
                    List<?> list = value instanceof List<?> l ? l : List.of(value);
                    if (list.isEmpty() || list.stream().anyMatch(v -> !(v instanceof String))) {
                        errors.add(error(field, "must be a non-empty list of strings"));
                    } else {
                        out.put(
                                spec.name(),
                                list.stream().map(String.class::cast).toList());
                    }
                }
            }
        }
        for (String name : in.keySet()) {
            if (!names.contains(name)) {
                errors.add(error(
                        "parameters." + name,
                        "unknown parameter for type " + type.wireName() + "; accepted: "
                                + type.parameters().stream()
                                        .map(ParameterSpec::name)
                                        .toList()));
            }
        }
        checkEnumValues(type, out, errors);
        return out;
    }

    private static void checkEnumValues(
            RuleType type, Map<String, Object> p, List<RuleValidationException.FieldError> errors) {
        List<String> bands =
                Arrays.stream(ScoreBand.values()).map(ScoreBand::wireName).toList();
        List<String> severities =
                Arrays.stream(Severity.values()).map(Severity::wireName).toList();
        for (String name : List.of("from", "to")) {
            if (type == RuleType.BAND_CHANGE && p.get(name) instanceof String s && !bands.contains(s)) {
                errors.add(error("parameters." + name, "unknown band '" + s + "'; one of " + bands));
            }
        }
        if (p.get("minSeverity") instanceof String s && !severities.contains(s)) {
            errors.add(error("parameters.minSeverity", "unknown severity '" + s + "'; one of " + severities));
        }
        if (type == RuleType.RENEWAL_APPROACHING && p.get("bands") instanceof List<?> list) {
            for (Object band : list) {
                if (!bands.contains(band)) {
                    errors.add(error("parameters.bands", "unknown band '" + band + "'; one of " + bands));
                }
            }
        }
        if (type == RuleType.INACTIVITY
                && p.get("minTier") instanceof String tier
                && p.get("tierOrder") instanceof List<?> order
                && !order.contains(tier)) {
            errors.add(error("parameters.minTier", "'" + tier + "' is not in tierOrder " + order));
        }
    }

    private static void template(
            String field, String source, Set<String> known, List<RuleValidationException.FieldError> errors) {
        try {
            MessageTemplate.parse(source, known);
        } catch (IllegalArgumentException e) {
            errors.add(error(field, "template error: " + e.getMessage()));
        }
    }

    private static List<String> typeNames() {
        return Arrays.stream(RuleType.values()).map(RuleType::wireName).toList();
    }

    private static RuleValidationException.FieldError error(String field, String reason) {
        return new RuleValidationException.FieldError(field, reason);
    }
}
