package io.rapport.scoring.api;

import io.rapport.common.runtime.ProblemDetail;
import io.rapport.common.runtime.ProblemDetailMappers;
import io.rapport.scoring.clv.ClvService;
import io.rapport.scoring.config.ScoringPolicies;
import io.rapport.scoring.domain.ComponentMove;
import io.rapport.scoring.domain.RelationshipScore;
import io.rapport.scoring.domain.ScoreCalculator;
import io.rapport.scoring.domain.ScoreMovement;
import io.rapport.scoring.domain.ScoreSnapshot;
import io.rapport.scoring.store.AccountStateRepository;
import io.rapport.scoring.store.PublishedScore;
import io.rapport.scoring.store.ScoreHistoryRepository;
import io.rapport.scoring.store.StoredAccount;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** "Explain this account": the score with its components, inputs, movers and models, and its history. */
@Path("/v1/accounts/{accountId}/score")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"analyst", "admin"})
@Tag(name = "scores", description = "Relationship scores and why they are what they are")
public class ScoreResource {

    /** One component with what it was computed from. */
    public record ComponentView(
            String name,
            double value,
            double weight,
            double contribution,
            Map<String, Double> inputs,
            String explanation) {}

    /** A component's move over a window. */
    public record MoveView(String component, double from, double to, double delta) {}

    /** Movers over the last 7 and 30 days, from the published history. */
    public record MoversView(List<MoveView> last7Days, List<MoveView> last30Days) {}

    /** The last publication on {@code rapport.scores.v1}. */
    public record PublishedView(long revision, String eventId, Instant asOf, double score, String band) {}

    /** CLV figures of the current model. */
    public record ClvView(double pAlive, double expectedTransactions, BigDecimal predictedValue, int horizonDays) {}

    /** RFM quintiles, 1..5. */
    public record RfmView(int recency, int frequency, int monetary) {}

    /** The explained score of an account as of now. */
    public record AccountScoreView(
            String accountId,
            String kind,
            Instant asOf,
            double score,
            String band,
            String lifecycleStage,
            List<ComponentView> components,
            MoversView biggestMovers,
            PublishedView published,
            String modelVersion,
            ClvView clv,
            RfmView rfm,
            Map<String, Double> indicators) {}

    /** One published revision. */
    public record HistoryEntryView(
            long revision,
            Instant time,
            double score,
            String band,
            String lifecycleStage,
            Map<String, Double> components,
            String cause,
            String causingEventId,
            List<String> reasons) {}

    /**
     * A page of history, newest first; pass {@code nextBefore} as {@code before} and
     * {@code nextBeforeRevision} as {@code beforeRevision} for the next page (both null on the last page).
     */
    public record HistoryPage(
            String accountId, List<HistoryEntryView> entries, Instant nextBefore, Long nextBeforeRevision) {}

    private final AccountStateRepository states;
    private final ScoreHistoryRepository history;
    private final ClvService clv;
    private final ScoringPolicies policies;
    private final Clock clock;

    ScoreResource(
            AccountStateRepository states,
            ScoreHistoryRepository history,
            ClvService clv,
            ScoringPolicies policies,
            Clock clock) {
        this.states = states;
        this.history = history;
        this.clv = clv;
        this.policies = policies;
        this.clock = clock;
    }

    @GET
    @Operation(
            summary = "The account's score now, explained",
            description = "Score, band and lifecycle stage computed now from the stored state; each component"
                    + " with its inputs and a one-line explanation; the components that moved most over the"
                    + " last 7 and 30 days; the last published revision; CLV, RFM and the model version.")
    @APIResponse(responseCode = "200", description = "The explained score")
    @APIResponse(responseCode = "404", description = "No event of this account has been seen")
    public AccountScoreView score(@PathParam("accountId") String accountId) {
        StoredAccount account = states.find(accountId).orElseThrow(() -> unknown(accountId));
        Instant now = clock.instant();
        ClvService.AccountClv figures = clv.evaluate(account.state(), now);
        RelationshipScore s = ScoreCalculator.score(
                account.state(),
                now,
                policies.forKind(account.state().kind()),
                figures == null ? null : figures.inputs());
        List<ComponentView> components = new ArrayList<>();
        s.components()
                .forEach((k, c) -> components.add(new ComponentView(
                        k.wireName(),
                        c.value(),
                        c.weight(),
                        Math.round(c.contribution() * 100) / 100.0,
                        c.inputs(),
                        c.explanation())));
        List<ScoreSnapshot> snapshots = new ArrayList<>(history.snapshotsFor(account, now, 30));
        snapshots.add(ScoreSnapshot.of(s));
        ScoreMovement.BiggestMovers movers = ScoreMovement.biggestMovers(snapshots, now);
        PublishedScore p = account.published();
        return new AccountScoreView(
                accountId,
                s.kind().wireName(),
                now,
                s.score(),
                s.band().wireName(),
                s.stage().wireName(),
                components,
                new MoversView(moves(movers.last7Days()), moves(movers.last30Days())),
                p == null
                        ? null
                        : new PublishedView(
                                p.revision(),
                                p.eventId(),
                                p.asOf(),
                                p.score(),
                                p.band().wireName()),
                figures == null ? null : figures.modelVersion(),
                figures == null
                        ? null
                        : new ClvView(
                                figures.pAlive(),
                                figures.expectedTransactions(),
                                figures.predictedValue(),
                                clv.current().map(m -> m.horizonDays()).orElse(0)),
                figures == null
                        ? null
                        : new RfmView(
                                figures.rfm().recency(),
                                figures.rfm().frequency(),
                                figures.rfm().monetary()),
                s.indicators());
    }

    @GET
    @Path("/history")
    @Operation(
            summary = "The account's published score revisions, newest first",
            description = "Paged by time and revision: pass the previous page's nextBefore as before and its"
                    + " nextBeforeRevision as beforeRevision (revisions published at the same instant are not"
                    + " skipped).")
    @APIResponse(responseCode = "200", description = "A page of revisions")
    @APIResponse(responseCode = "404", description = "No event of this account has been seen")
    public HistoryPage history(
            @PathParam("accountId") String accountId,
            @Parameter(description = "Only revisions at or after this instant") @QueryParam("from") Instant from,
            @Parameter(description = "Only revisions before this instant") @QueryParam("before") Instant before,
            @Parameter(
                            description = "With before: also the revisions at exactly that instant whose number is"
                                    + " lower than this")
                    @QueryParam("beforeRevision")
                    Long beforeRevision,
            @Parameter(description = "Page size, 1..500") @QueryParam("limit") @DefaultValue("50") int limit) {
        if (beforeRevision != null && before == null) {
            String reason = "needs before (the page's nextBefore)";
            throw new WebApplicationException(ProblemDetailMappers.problem(new ProblemDetail(
                    ProblemDetail.TYPE_BASE + "validation",
                    "Invalid query",
                    400,
                    "beforeRevision " + reason,
                    null,
                    List.of(ProblemDetail.FieldError.of("beforeRevision", reason)))));
        }
        StoredAccount account = states.find(accountId).orElseThrow(() -> unknown(accountId));
        int size = Math.max(1, Math.min(500, limit));
        List<HistoryEntryView> entries = new ArrayList<>();
        List<ScoreHistoryRepository.Entry> found = history.find(account, from, before, beforeRevision, size);
        for (ScoreHistoryRepository.Entry e : found) {
            entries.add(new HistoryEntryView(
                    e.revision(),
                    e.time(),
                    e.score(),
                    e.band(),
                    e.stage(),
                    io.rapport.scoring.pipeline.ScoreEventMapper.byName(e.components()),
                    e.cause(),
                    e.causingEventId(),
                    e.reasons()));
        }
        ScoreHistoryRepository.Entry last = found.size() == size ? found.get(found.size() - 1) : null;
        return new HistoryPage(
                accountId, entries, last == null ? null : last.time(), last == null ? null : last.revision());
    }

    private static List<MoveView> moves(List<ComponentMove> moves) {
        List<MoveView> out = new ArrayList<>();
        for (ComponentMove m : moves) out.add(new MoveView(m.component().wireName(), m.from(), m.to(), m.delta()));
        return out;
    }

    private static NotFoundException unknown(String accountId) {
        return new NotFoundException("no account " + accountId + " is known to scoring");
    }
}
