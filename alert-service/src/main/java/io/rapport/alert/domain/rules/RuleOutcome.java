package io.rapport.alert.domain.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What evaluating a rule on a signal found: its condition holds, has cleared, or does not apply. */
public sealed interface RuleOutcome {

    /**
     * The condition holds. {@code reasonKey} tells apart alerts of one rule on one account (e.g. the
     * order or contract id); {@code values} are what the templates and the explanation show.
     */
    record Fire(String reasonKey, Map<String, Object> values) implements RuleOutcome {
        public Fire {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /** The condition no longer holds: open alerts with {@code reasonKey} (null: any reason) resolve. */
    record Clear(String reasonKey, String why) implements RuleOutcome {}
}
