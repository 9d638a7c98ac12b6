package io.rapport.alert.notify;

import io.quarkus.runtime.Startup;
import io.rapport.alert.domain.dispatch.Integration;
import io.rapport.alert.domain.routing.ReceiverConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The notifier of each channel and the integrations of each receiver. At start-up every receiver
 * of the routing file is checked: an integration without a notifier (an unknown receiver type) or
 * with a bad config stops the service.
 */
@Startup
@ApplicationScoped
public class Notifiers {

    private final Map<String, Notifier> byChannel = new TreeMap<>();
    private final RoutingConfiguration routing;

    Notifiers(Instance<Notifier> notifiers, RoutingConfiguration routing) {
        this.routing = routing;
        for (Notifier n : notifiers) {
            byChannel.put(n.channel(), n);
        }
        for (ReceiverConfig r : routing.config().receivers()) {
            requireChannel(r, "email", r.emailConfigs().size());
            requireChannel(r, "slack", r.slackConfigs().size());
            requireChannel(r, "webhook", r.webhookConfigs().size());
            byChannel.values().forEach(n -> n.validate(r));
        }
    }

    private void requireChannel(ReceiverConfig r, String channel, int count) {
        if (count > 0 && !byChannel.containsKey(channel)) {
            throw new IllegalStateException("rapport.alert.routing-file: receiver \"" + r.name() + "\" uses " + channel
                    + "_configs, for which no notifier exists");
        }
    }

    public Optional<Notifier> forChannel(String channel) {
        return Optional.ofNullable(byChannel.get(channel));
    }

    /** The channels with a notifier. */
    public List<String> channels() {
        return List.copyOf(byChannel.keySet());
    }

    /** The integrations of a receiver, in channel order then config order. */
    public List<Integration> integrations(String receiverName) {
        ReceiverConfig r = routing.config().receiver(receiverName).orElse(null);
        if (r == null) {
            return List.of();
        }
        List<Integration> out = new ArrayList<>();
        for (Notifier n : byChannel.values()) {
            for (int i = 0; i < n.integrations(r); i++) {
                out.add(new Integration(r.name(), n.channel(), i, n.sendResolved(r, i)));
            }
        }
        return out;
    }
}
