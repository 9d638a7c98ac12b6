package io.rapport.alert.notify;

import io.rapport.alert.domain.alert.AlertDeliveryHistory;
import io.rapport.alert.domain.dispatch.AggregationGroup;
import io.rapport.alert.outbox.NotificationLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The route and delivery history the alert API shows next to an alert: the aggregation groups the
 * alert is in (receiver, route, group labels and timers) and the notification log's entries naming it.
 */
@ApplicationScoped
public class NotificationDeliveryHistory implements AlertDeliveryHistory {
    private final AggregationGroupRepository groups;
    private final NotificationLog log;

    NotificationDeliveryHistory(AggregationGroupRepository groups, NotificationLog log) {
        this.groups = groups;
        this.log = log;
    }

    @Override
    public List<Map<String, Object>> route(String alertId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AggregationGroup group : groups.containing(alertId)) {
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("receiver", group.receiver());
            route.put("route", group.routeId());
            route.put("groupKey", group.groupKey());
            route.put("groupLabels", group.groupLabels());
            route.put("groupWait", group.groupWait().toString());
            route.put("groupInterval", group.groupInterval().toString());
            route.put("repeatInterval", group.repeatInterval().toString());
            out.add(route);
        }
        return out;
    }

    @Override
    public List<Map<String, Object>> deliveries(String alertId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Document entry : log.forAlert(alertId)) {
            Map<String, Object> delivery = new LinkedHashMap<>();
            for (String field : List.of("receiver", "channel", "status", "outcome", "attempts", "sentAt", "groupKey")) {
                if (entry.containsKey(field)) {
                    delivery.put(field, entry.get(field));
                }
            }
            out.add(delivery);
        }
        return out;
    }
}
