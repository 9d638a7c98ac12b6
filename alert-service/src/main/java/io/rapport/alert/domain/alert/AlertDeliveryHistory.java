package io.rapport.alert.domain.alert;

import java.util.List;
import java.util.Map;

/**
 * The route an alert took and how its notifications were delivered, supplied by the notification
 * side; the alert API shows it next to the alert. The default implementation knows nothing.
 */
public interface AlertDeliveryHistory {

    /** Receivers the routing tree chose for the alert, with their options, in match order. */
    List<Map<String, Object>> route(String alertId);

    /** Notification attempts and outcomes for the alert, oldest first. */
    List<Map<String, Object>> deliveries(String alertId);
}
