package io.rapport.segmentation.api;

import io.rapport.segmentation.api.Dtos.AccountSegment;
import io.rapport.segmentation.store.MembershipRepository;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The segments one account is in. */
@Path("/v1/accounts/{accountId}/segments")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AccountSegmentsResource {
    private final MembershipRepository memberships;
    private final io.rapport.segmentation.messaging.SegmentRegistry registry;

    AccountSegmentsResource(
            MembershipRepository memberships, io.rapport.segmentation.messaging.SegmentRegistry registry) {
        this.memberships = memberships;
        this.registry = registry;
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
}
