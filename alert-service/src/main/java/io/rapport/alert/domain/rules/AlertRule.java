package io.rapport.alert.domain.rules;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.AlertSeverity;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A rule as data: what to watch ({@code type} and {@code parameters}), what the alert says ({@code
 * summary} and {@code description} templates with {@code {placeholder}}s), where it goes ({@code
 * topic}, {@code severity}, extra {@code labels}) and for which kinds of account ({@code
 * accountKinds}, empty for all). {@code resolveAfter}, when set, resolves an alert nothing has
 * refreshed for that long (for event rules that have no clearing condition).
 */
public record AlertRule(
        String id,
        RuleType type,
        Map<String, Object> parameters,
        String topic,
        AlertSeverity severity,
        Map<String, String> labels,
        String summary,
        String description,
        Set<AccountKind> accountKinds,
        boolean enabled,
        Duration resolveAfter) {

    public AlertRule {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        accountKinds = accountKinds == null ? Set.of() : Set.copyOf(accountKinds);
    }

    /** True if the rule applies to an account of this kind (an unknown kind only matches rules for all). */
    public boolean appliesTo(AccountKind kind) {
        return accountKinds.isEmpty() || (kind != null && accountKinds.contains(kind));
    }

    /** A number parameter (validated, so present or defaulted). */
    public double number(String name) {
        Object value = parameters.get(name);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** A string parameter, or null. */
    public String string(String name) {
        Object value = parameters.get(name);
        return value == null ? null : value.toString();
    }

    /** A list parameter as strings. */
    @SuppressWarnings("unchecked")
    public java.util.List<String> strings(String name) {
        Object value = parameters.get(name);
        return value instanceof java.util.List<?> list ? (java.util.List<String>) list : java.util.List.of();
    }
}
