package io.rapport.segmentation.api;

import io.rapport.common.runtime.ProblemDetail;
import io.rapport.segmentation.api.Dtos.AccountHistoryPage;
import io.rapport.segmentation.api.Dtos.AccountSegment;
import io.rapport.segmentation.api.Dtos.HistoryEntry;
import io.rapport.segmentation.config.SegmentationConfig;
import io.rapport.segmentation.messaging.SegmentRegistry;
import io.rapport.segmentation.store.MembershipRepository;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The segments one account is in, and its entries and exits over time. */
@Path("/v1/accounts/{accountId}/segments")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AccountSegmentsResource {
    private final MembershipRepository memberships;
    private final SegmentRegistry registry;
    private final SegmentationConfig config;

    AccountSegmentsResource(MembershipRepository memberships, SegmentRegistry registry, SegmentationConfig config) {
        this.memberships = memberships;
        this.registry = registry;
        this.config = config;
    }

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "The segments an account is in, with since when and the version that put it there")
    public List<AccountSegment> segments(@PathParam("accountId") String accountId) {
        return memberships.segmentsOf(accountId).stream()
                .map(d -> new AccountSegment(
                        d.getString("segmentId"),
                        registry.segment(d.getString("segmentId"))
                                .map(s -> s.definition().name())
                                .orElse(d.getString("segmentId")),
                        Dtos.instant(d.getDate("since")),
                        d.getInteger("definitionVersion")))
                .toList();
    }

    @GET
    @Path("/history")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(
            summary = "An account's segment entries and exits, newest first, with a keyset cursor",
            description = "Each change carries the segment, entered or left, when, the definition version"
                    + " that decided it and the values it was decided on. An account without history (or"
                    + " unknown) gets an empty page, as its segment list is empty. Deleted segments' changes"
                    + " stay listed.")
    @APIResponse(
            responseCode = "200",
            description = "A page of changes; nextCursor is null on the last page",
            content = @Content(schema = @Schema(implementation = AccountHistoryPage.class)))
    @APIResponse(
            responseCode = "400",
            description = "A bad from, to, limit or cursor",
            content =
                    @Content(
                            mediaType = ProblemDetail.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "bad from",
                                            value = "{\"type\":\"https://rapport.io/problems/validation\","
                                                    + "\"title\":\"Invalid request\",\"status\":400,"
                                                    + "\"detail\":\"from: not an ISO-8601 date or instant\","
                                                    + "\"errors\":[{\"field\":\"from\","
                                                    + "\"reason\":\"not an ISO-8601 date or instant\"}]}")))
    public AccountHistoryPage history(
            @PathParam("accountId") String accountId,
            @Parameter(
                            description = "Oldest change included (ISO-8601 instant, or a date = its start, UTC)",
                            example = "2026-03-01T00:00:00Z")
                    @QueryParam("from")
                    String from,
            @Parameter(
                            description = "Changes before this (exclusive; ISO-8601 instant or date)",
                            example = "2026-04-01T00:00:00Z")
                    @QueryParam("to")
                    String to,
            @Parameter(description = "Only the changes of this segment", example = "rfm-at-risk")
                    @QueryParam("segmentId")
                    String segmentId,
            @QueryParam("limit") @DefaultValue("100") int limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        Instant f = from == null || from.isBlank() ? null : Params.instant("from", from);
        Instant t = to == null || to.isBlank() ? null : Params.instant("to", to);
        if (f != null && t != null && !f.isBefore(t)) {
            throw new BadRequest("to", "must be after from");
        }
        Params.limit(limit, config.maxPageSize());
        String segment = segmentId == null || segmentId.isBlank() ? null : segmentId;
        Document after = cursor == null || cursor.isBlank() ? null : Cursors.decodeHistory(cursor);
        List<Document> rows = memberships.accountHistory(accountId, segment, f, t, after, limit + 1);
        boolean more = rows.size() > limit;
        List<Document> page = more ? rows.subList(0, limit) : rows;
        return new AccountHistoryPage(
                accountId,
                segment,
                f,
                t,
                page.stream().map(HistoryEntry::of).toList(),
                more ? Cursors.encodeHistory(page.get(page.size() - 1)) : null);
    }
}
