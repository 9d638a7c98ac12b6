package io.rapport.alert.domain.dispatch;

import io.rapport.alert.domain.notify.AlertNotice;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A notification a flush decided to send to one integration: the group, the alerts (firing first,
 * then resolved ones if the integration sends resolved) and its idempotency key.
 *
 * @param idempotencyKey hex SHA-256 of group key, receiver, integration, flush time and alert
 *     versions: the same flush planned twice (after a crash) yields the same key
 */
public record PlannedNotification(
        String idempotencyKey,
        String groupKey,
        String groupId,
        Map<String, String> groupLabels,
        Integration integration,
        AlertNotice.Status status,
        List<AlertNotice> alerts,
        Instant flushAt) {

    public PlannedNotification {
        groupLabels = Map.copyOf(groupLabels);
        alerts = List.copyOf(alerts);
    }
}
