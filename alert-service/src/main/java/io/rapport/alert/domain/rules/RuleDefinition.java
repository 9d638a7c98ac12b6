package io.rapport.alert.domain.rules;

import java.util.List;
import java.util.Map;

/**
 * A rule as written by people and machines (YAML file, REST body, stored document) before
 * validation: every field as text, so that a bad value can be reported with its field name.
 *
 * @param resolveAfter a duration such as {@code 72h} or {@code 7d}, or ISO-8601 {@code PT72H}
 */
public record RuleDefinition(
        String id,
        String type,
        Map<String, Object> parameters,
        String topic,
        String severity,
        Map<String, String> labels,
        String summary,
        String description,
        List<String> accountKinds,
        Boolean enabled,
        String resolveAfter) {

    /** The same definition under another id. */
    public RuleDefinition withId(String newId) {
        return new RuleDefinition(
                newId,
                type,
                parameters,
                topic,
                severity,
                labels,
                summary,
                description,
                accountKinds,
                enabled,
                resolveAfter);
    }
}
