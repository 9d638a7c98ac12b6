package io.rapport.alert.config;

import io.quarkus.arc.DefaultBean;
import io.rapport.alert.domain.alert.AlertDeliveryHistory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Used until the notification side provides an {@link AlertDeliveryHistory}: knows no route or delivery. */
@DefaultBean
@ApplicationScoped
public class NoDeliveryHistory implements AlertDeliveryHistory {
    @Override
    public List<Map<String, Object>> route(String alertId) {
        return List.of();
    }

    @Override
    public List<Map<String, Object>> deliveries(String alertId) {
        return List.of();
    }
}
