package io.rapport.scoring.api;

import io.rapport.scoring.clv.ClvModel;
import io.rapport.scoring.clv.ClvService;
import io.rapport.scoring.pipeline.ScheduledJobs;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The fitted lifetime-value models (BG/NBD for transactions, Gamma-Gamma for spend). */
@Path("/v1/models/clv")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models", description = "Customer-lifetime-value models fitted over the account base")
public class ClvModelResource {

    /** The current model. */
    public record ModelView(
            String version,
            Instant fittedAt,
            String timeUnit,
            Map<String, Double> bgNbd,
            double bgNbdLogLikelihood,
            boolean bgNbdConverged,
            Map<String, Double> gammaGamma,
            double gammaGammaLogLikelihood,
            int accounts,
            int repeatBuyers,
            int horizonDays) {}

    /** The outcome of a refit: {@code fitted} or {@code skipped} with the reason. */
    public record RefitView(String status, String detail, ModelView model) {}

    private final ClvService clv;
    private final ScheduledJobs jobs;

    ClvModelResource(ClvService clv, ScheduledJobs jobs) {
        this.clv = clv;
        this.jobs = jobs;
    }

    @GET
    @RolesAllowed({"analyst", "admin"})
    @Operation(
            summary = "The current CLV models",
            description =
                    "Parameters (time unit days), fit date, log-likelihoods and the number of accounts fitted on.")
    @APIResponse(responseCode = "200", description = "The current model")
    @APIResponse(responseCode = "404", description = "No model has been fitted yet")
    public ModelView current() {
        return clv.current()
                .map(ClvModelResource::view)
                .orElseThrow(() -> new NotFoundException("no CLV model fitted yet"));
    }

    @POST
    @Path("/refit")
    @RolesAllowed("admin")
    @Operation(
            summary = "Refit the CLV models now",
            description = "Fits BG/NBD and Gamma-Gamma over every account and rescores the base with the new"
                    + " version; skipped (status skipped) when too few accounts have a repeat purchase.")
    @APIResponse(responseCode = "200", description = "Fitted or skipped, with the reason")
    public RefitView refit() {
        ClvService.RefitResult r = jobs.refitAndRescore();
        return new RefitView(r.status(), r.detail(), r.model() == null ? null : view(r.model()));
    }

    static ModelView view(ClvModel m) {
        return new ModelView(
                m.label(),
                m.fittedAt(),
                "days",
                Map.of(
                        "r",
                        m.bgNbd().r(),
                        "alpha",
                        m.bgNbd().alpha(),
                        "a",
                        m.bgNbd().a(),
                        "b",
                        m.bgNbd().b()),
                m.bgNbdLogLikelihood(),
                m.bgNbdConverged(),
                Map.of(
                        "p",
                        m.gammaGamma().p(),
                        "q",
                        m.gammaGamma().q(),
                        "gamma",
                        m.gammaGamma().gamma()),
                m.gammaGammaLogLikelihood(),
                m.accounts(),
                m.repeatBuyers(),
                m.horizonDays());
    }
}
