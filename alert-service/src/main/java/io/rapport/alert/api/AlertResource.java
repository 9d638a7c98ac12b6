package io.rapport.alert.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.rapport.alert.config.AlertsConfig;
import io.rapport.alert.domain.alert.AlertDeliveryHistory;
import io.rapport.alert.domain.alert.AlertNotFoundException;
import io.rapport.alert.domain.alert.AlertPage;
import io.rapport.alert.domain.alert.AlertProcessor;
import io.rapport.alert.domain.alert.AlertQuery;
import io.rapport.alert.domain.alert.AlertStore;
import io.rapport.common.event.AlertSeverity;
import io.rapport.common.event.AlertState;
import io.rapport.common.runtime.ProblemDetail;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Alerts: list and filter, one with its explanation, route and deliveries, acknowledge, resolve. */
@Path("/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AlertResource {
    private final AlertStore store;
    private final AlertProcessor processor;
    private final AlertDeliveryHistory history;
    private final SecurityIdentity identity;
    private final AlertsConfig config;

    AlertResource(
            AlertStore store,
            AlertProcessor processor,
            AlertDeliveryHistory history,
            SecurityIdentity identity,
            AlertsConfig config) {
        this.store = store;
        this.processor = processor;
        this.history = history;
        this.identity = identity;
        this.config = config;
    }

    /** Alerts matching every filter given, newest first. */
    @GET
    @RolesAllowed({"analyst", "admin"})
    public AlertView.Page list(
            @QueryParam("accountId") String accountId,
            @QueryParam("topic") String topic,
            @QueryParam("severity") String severity,
            @QueryParam("state") String state,
            @QueryParam("ruleId") String ruleId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        if (p < 0) throw BadRequest.field("page", "must be 0 or more");
        if (s < 1 || s > config.maxPageSize()) {
            throw BadRequest.field("size", "must be between 1 and " + config.maxPageSize());
        }
        AlertPage result = store.list(new AlertQuery(
                accountId,
                topic,
                severity == null ? null : parse(AlertSeverity.class, "severity", severity),
                state == null ? null : parse(AlertState.class, "state", state),
                ruleId,
                instant("from", from),
                instant("to", to),
                p,
                s));
        return new AlertView.Page(
                result.items().stream().map(a -> AlertView.of(a, null, null)).toList(),
                result.total(),
                result.page(),
                result.size());
    }

    /** One alert with its explanation, the route it took and its delivery history. */
    @GET
    @Path("/{id}")
    @RolesAllowed({"analyst", "admin"})
    public AlertView get(@PathParam("id") String id) {
        var alert = store.find(id).orElseThrow(() -> new AlertNotFoundException(id));
        return AlertView.of(alert, history.route(id), history.deliveries(id));
    }

    /** Acknowledges a firing alert as the calling user. */
    @POST
    @Path("/{id}/acknowledge")
    @RolesAllowed({"analyst", "admin"})
    public AlertView acknowledge(@PathParam("id") String id) {
        return AlertView.of(processor.acknowledge(id, who()), List.of(), List.of());
    }

    /** Resolves an alert as the calling user, with an optional comment. */
    @POST
    @Path("/{id}/resolve")
    @RolesAllowed({"analyst", "admin"})
    public AlertView resolve(@PathParam("id") String id, AlertView.Comment body) {
        return AlertView.of(processor.resolve(id, who(), body == null ? null : body.comment()), List.of(), List.of());
    }

    private String who() {
        return identity.getPrincipal().getName();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw BadRequest.field(field, "unknown value '" + value + "'");
        }
    }

    private static Instant instant(String field, String value) {
        if (value == null) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw BadRequest.field(field, "not an ISO-8601 instant such as 2026-03-12T00:00:00Z");
        }
    }

    static ProblemDetail notFound(String detail) {
        return ProblemDetail.of(404, "not-found", "Not found", detail);
    }
}
