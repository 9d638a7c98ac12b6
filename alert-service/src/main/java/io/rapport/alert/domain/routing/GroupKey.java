package io.rapport.alert.domain.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The key of an aggregation group, as Alertmanager forms it: the route key, a colon, then the
 * alert's values for the route's group_by labels (all labels for {@code ...}); labels the alert
 * lacks are left out. Renders as {@code {}/{topic="billing"}:{account="a1", topic="billing"}}.
 */
public record GroupKey(String routeKey, SortedMap<String, String> groupLabels) {

    public GroupKey {
        groupLabels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(groupLabels));
    }

    /** The group key of an alert with {@code labels} under {@code match}. */
    public static GroupKey of(RouteMatch match, Map<String, String> labels) {
        TreeMap<String, String> group = new TreeMap<>();
        RouteOptions o = match.options();
        labels.forEach((name, value) -> {
            if (o.groupByAll() || o.groupBy().contains(name)) {
                group.put(name, value);
            }
        });
        return new GroupKey(match.routeKey(), group);
    }

    /** A fixed-length form for storage keys: the hex SHA-256 of {@link #toString()}. */
    public String hash() {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return routeKey + ":"
                + groupLabels.entrySet().stream()
                        .map(e -> e.getKey() + "=" + GoQuote.quote(e.getValue()))
                        .collect(Collectors.joining(", ", "{", "}"));
    }
}
