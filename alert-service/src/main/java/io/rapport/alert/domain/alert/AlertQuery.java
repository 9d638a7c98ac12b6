package io.rapport.alert.domain.alert;

import io.rapport.common.event.AlertSeverity;
import io.rapport.common.event.AlertState;
import java.time.Instant;

/**
 * Filters of the alert list; null means any. {@code from}/{@code to} bound {@code startsAt}
 * (inclusive, exclusive); pages are 0-based, newest first.
 */
public record AlertQuery(
        String accountId,
        String topic,
        AlertSeverity severity,
        AlertState state,
        String ruleId,
        Instant from,
        Instant to,
        int page,
        int size) {}
