package io.rapport.alert.routingapi;

import io.rapport.alert.domain.routing.PromDuration;
import io.rapport.alert.domain.routing.Route;
import io.rapport.alert.domain.routing.RouteMatch;
import io.rapport.alert.domain.routing.RouteOptions;
import io.rapport.alert.notify.RoutingConfiguration;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The routing tree as configured, and which receivers a label set would reach with which resolved
 * options (like {@code amtool config routes test}).
 */
@Path("/v1/routes")
@Produces(MediaType.APPLICATION_JSON)
public class RoutesResource {

    private final RoutingConfiguration routing;
    private final Clock clock;

    RoutesResource(RoutingConfiguration routing, Clock clock) {
        this.routing = routing;
        this.clock = clock;
    }

    /** A node of the tree with its resolved options. */
    public record RouteNode(
            String id,
            String key,
            List<String> matchers,
            boolean continueMatching,
            String receiver,
            List<String> groupBy,
            String groupWait,
            String groupInterval,
            String repeatInterval,
            List<String> muteTimeIntervals,
            List<String> activeTimeIntervals,
            List<RouteNode> routes) {}

    /** Labels to test. */
    public record RouteTestRequest(@NotNull Map<String, String> labels) {}

    /** One route the labels would take. */
    public record RouteTestResult(
            String receiver,
            String routeId,
            String routeKey,
            String groupKey,
            List<String> groupBy,
            String groupWait,
            String groupInterval,
            String repeatInterval,
            List<String> muteTimeIntervals,
            List<String> activeTimeIntervals,
            boolean mutedNow) {}

    @GET
    @RolesAllowed({"analyst", "admin"})
    public RouteNode tree() {
        return node(routing.tree().root());
    }

    @POST
    @Path("/test")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"analyst", "admin"})
    public List<RouteTestResult> test(@Valid @NotNull RouteTestRequest request) {
        return routing.tree().match(request.labels()).stream()
                .map(m -> result(m, request.labels()))
                .toList();
    }

    private RouteTestResult result(RouteMatch m, Map<String, String> labels) {
        RouteOptions o = m.options();
        return new RouteTestResult(
                m.receiver(),
                m.routeId(),
                m.routeKey(),
                m.groupKey(labels).toString(),
                groupBy(o),
                PromDuration.format(o.groupWait()),
                PromDuration.format(o.groupInterval()),
                PromDuration.format(o.repeatInterval()),
                o.muteTimeIntervals(),
                o.activeTimeIntervals(),
                m.isMuted(routing.config().timeIntervals(), clock.instant()));
    }

    private static RouteNode node(Route r) {
        RouteOptions o = r.options();
        return new RouteNode(
                r.id(),
                r.key(),
                r.matchers().stream().map(Object::toString).toList(),
                r.continueMatching(),
                o.receiver(),
                groupBy(o),
                PromDuration.format(o.groupWait()),
                PromDuration.format(o.groupInterval()),
                PromDuration.format(o.repeatInterval()),
                o.muteTimeIntervals(),
                o.activeTimeIntervals(),
                r.children().stream().map(RoutesResource::node).collect(Collectors.toList()));
    }

    private static List<String> groupBy(RouteOptions o) {
        return o.groupByAll() ? List.of("...") : List.copyOf(o.groupBy());
    }
}
