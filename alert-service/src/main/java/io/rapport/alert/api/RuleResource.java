package io.rapport.alert.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.rapport.alert.domain.rules.AccountFacts;
import io.rapport.alert.domain.rules.AlertRule;
import io.rapport.alert.domain.rules.RuleDefinition;
import io.rapport.alert.domain.rules.RuleEvaluator;
import io.rapport.alert.domain.rules.RuleOutcome;
import io.rapport.alert.domain.rules.RuleValidator;
import io.rapport.alert.domain.rules.Signal;
import io.rapport.alert.store.AccountFactsRepository;
import io.rapport.alert.store.RuleCatalog;
import io.rapport.common.runtime.ProblemDetail;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rules as data (admin): list, read, create, update, delete, and dry-run against an account. */
@Path("/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Blocking
public class RuleResource {
    private final RuleCatalog rules;
    private final AccountFactsRepository accounts;
    private final SecurityIdentity identity;
    private final Clock clock;

    RuleResource(RuleCatalog rules, AccountFactsRepository accounts, SecurityIdentity identity, Clock clock) {
        this.rules = rules;
        this.accounts = accounts;
        this.identity = identity;
        this.clock = clock;
    }

    /** Every rule (shipped defaults overlaid by API changes), by id. */
    @GET
    public List<RuleDefinition> list() {
        return rules.all().stream().map(RuleValidator::toDefinition).toList();
    }

    /** One rule. */
    @GET
    @Path("/{id}")
    public RuleDefinition get(@PathParam("id") String id) {
        return RuleValidator.toDefinition(existing(id));
    }

    /** Creates a rule; 409 if the id is taken. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(RuleDefinition body) {
        if (body == null) throw BadRequest.field("body", "a rule is required");
        AlertRule rule = RuleValidator.validate(body);
        if (rules.find(rule.id()).isPresent()) {
            throw BadRequest.problem(ProblemDetail.of(
                    409, "rule-exists", "Rule exists", "a rule with id " + rule.id() + " exists; PUT to change it"));
        }
        rules.save(rule, identity.getPrincipal().getName());
        return Response.created(URI.create("/v1/rules/" + rule.id()))
                .entity(RuleValidator.toDefinition(rule))
                .build();
    }

    /** Replaces a rule (the id in the path wins; a different id in the body is refused). */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public RuleDefinition update(@PathParam("id") String id, RuleDefinition body) {
        if (body == null) throw BadRequest.field("body", "a rule is required");
        if (body.id() != null && !body.id().equals(id)) {
            throw BadRequest.field("id", "'" + body.id() + "' differs from the path's '" + id + "'");
        }
        existing(id);
        AlertRule rule = RuleValidator.validate(body.withId(id));
        return RuleValidator.toDefinition(
                rules.save(rule, identity.getPrincipal().getName()));
    }

    /** Deletes a rule (a shipped default stays deleted across restarts). */
    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        existing(id);
        rules.delete(id, identity.getPrincipal().getName());
        return Response.noContent().build();
    }

    /**
     * Evaluates a rule against an account's latest score (enabled or not) and says whether it would
     * fire, with which labels and texts. Nothing is stored or sent.
     */
    @POST
    @Path("/{id}/dry-run")
    public DryRun dryRun(@PathParam("id") String id, @QueryParam("accountId") String accountId) {
        if (accountId == null || accountId.isBlank()) throw BadRequest.field("accountId", "is required");
        AlertRule stored = existing(id);
        AlertRule rule = new AlertRule(
                stored.id(),
                stored.type(),
                stored.parameters(),
                stored.topic(),
                stored.severity(),
                stored.labels(),
                stored.summary(),
                stored.description(),
                stored.accountKinds(),
                true,
                stored.resolveAfter());
        AccountFacts facts = accounts.load(accountId);
        if (facts.latestScore() == null) {
            throw new NotFoundException("no score known for account " + accountId);
        }
        Signal signal;
        if (rule.type().signals().contains(Signal.Kind.TICK)) {
            signal = new Signal.Tick(clock.instant());
        } else if (rule.type().signals().contains(Signal.Kind.SCORE)) {
            signal = new Signal.Score(facts.latestScore());
        } else {
            return new DryRun(
                    id,
                    accountId,
                    false,
                    List.of(),
                    List.of(),
                    "rule type " + rule.type().wireName() + " fires on raw events ("
                            + rule.type().signals() + "), not on a score; nothing to evaluate");
        }
        if (!rule.appliesTo(facts.kind())) {
            return new DryRun(
                    id, accountId, false, List.of(), List.of(), "rule does not apply to account kind " + facts.kind());
        }
        List<DryRun.Firing> firings = new ArrayList<>();
        List<String> clears = new ArrayList<>();
        for (RuleOutcome outcome : RuleEvaluator.evaluate(rule, signal, facts)) {
            if (outcome instanceof RuleOutcome.Fire fire) {
                RuleEvaluator.Rendered r = RuleEvaluator.render(
                        rule, facts, fire, facts.latestScore().eventId());
                firings.add(
                        new DryRun.Firing(fire.reasonKey(), r.labels(), r.summary(), r.description(), r.explanation()));
            } else if (outcome instanceof RuleOutcome.Clear clear) {
                clears.add(clear.why());
            }
        }
        return new DryRun(
                id,
                accountId,
                !firings.isEmpty(),
                firings,
                clears,
                firings.isEmpty() && clears.isEmpty() ? "the values this rule needs are missing" : null);
    }

    private AlertRule existing(String id) {
        return rules.find(id).orElseThrow(() -> new NotFoundException("no rule with id " + id));
    }

    /** What a rule would do on an account now. */
    public record DryRun(
            String ruleId, String accountId, boolean wouldFire, List<Firing> firing, List<String> clears, String note) {

        /** An alert the rule would fire. */
        public record Firing(
                String reasonKey,
                Map<String, String> labels,
                String summary,
                String description,
                Map<String, Object> explanation) {}
    }
}
