package io.rapport.alert.routingapi;

import io.rapport.alert.domain.routing.Matcher;
import io.rapport.alert.domain.routing.MatcherParseException;
import io.rapport.alert.domain.routing.MatcherParser;
import io.rapport.alert.domain.silence.Silence;
import io.rapport.alert.domain.silence.SilenceState;
import io.rapport.alert.notify.SilenceRepository;
import io.rapport.common.runtime.ProblemDetail;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Silences, as in Alertmanager: matchers in its syntax ({@code topic="billing"}, {@code
 * account=~"acc-1.*"}), a comment, start and end; the creator is the caller. Analysts read, admins
 * create and expire.
 */
@Path("/v1/silences")
@Produces(MediaType.APPLICATION_JSON)
public class SilencesResource {

    private final SilenceRepository silences;
    private final Clock clock;

    SilencesResource(SilenceRepository silences, Clock clock) {
        this.silences = silences;
        this.clock = clock;
    }

    /** A silence to create; {@code startsAt} defaults to now. */
    public record SilenceRequest(List<String> matchers, String comment, Instant startsAt, Instant endsAt) {}

    /** A silence as the API shows it. */
    public record SilenceResponse(
            String id,
            List<String> matchers,
            Instant startsAt,
            Instant endsAt,
            String createdBy,
            String comment,
            String state) {

        static SilenceResponse of(Silence s, Instant now) {
            return new SilenceResponse(
                    s.id(),
                    s.matchers().stream().map(Matcher::toString).toList(),
                    s.startsAt(),
                    s.endsAt(),
                    s.createdBy(),
                    s.comment(),
                    s.state(now).name().toLowerCase(Locale.ROOT));
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public Response create(SilenceRequest request, @Context SecurityContext security) {
        Instant now = clock.instant();
        List<ProblemDetail.FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw new SilenceValidationException(List.of(ProblemDetail.FieldError.of("body", "required")));
        }
        List<Matcher> matchers = new ArrayList<>();
        if (request.matchers() == null || request.matchers().isEmpty()) {
            errors.add(ProblemDetail.FieldError.of("matchers", "at least one matcher required"));
        } else {
            for (int i = 0; i < request.matchers().size(); i++) {
                String m = request.matchers().get(i);
                try {
                    matchers.addAll(MatcherParser.parseMatchers(m == null ? "" : m));
                } catch (MatcherParseException e) {
                    errors.add(ProblemDetail.FieldError.of("matchers[" + i + "]", e.getMessage()));
                }
            }
        }
        if (request.endsAt() == null) {
            errors.add(ProblemDetail.FieldError.of("endsAt", "required"));
        } else if (!request.endsAt().isAfter(now)) {
            errors.add(ProblemDetail.FieldError.of("endsAt", "must be in the future"));
        }
        if (request.comment() == null || request.comment().isBlank()) {
            errors.add(ProblemDetail.FieldError.of("comment", "required"));
        }
        if (!errors.isEmpty()) {
            throw new SilenceValidationException(errors);
        }
        Instant startsAt = request.startsAt() == null || request.startsAt().isBefore(now) ? now : request.startsAt();
        Silence silence;
        try {
            silence = new Silence(
                    UUID.randomUUID().toString(),
                    matchers,
                    startsAt,
                    request.endsAt(),
                    security.getUserPrincipal() == null
                            ? "anonymous"
                            : security.getUserPrincipal().getName(),
                    request.comment());
        } catch (IllegalArgumentException | NullPointerException e) {
            String field = e.getMessage() != null && e.getMessage().contains("matcher") ? "matchers" : "endsAt";
            throw new SilenceValidationException(List.of(ProblemDetail.FieldError.of(field, e.getMessage())));
        }
        silences.insert(silence);
        return Response.created(URI.create("/v1/silences/" + silence.id()))
                .entity(SilenceResponse.of(silence, now))
                .build();
    }

    @GET
    @RolesAllowed({"analyst", "admin"})
    public List<SilenceResponse> list(@QueryParam("state") String state) {
        Instant now = clock.instant();
        SilenceState wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = SilenceState.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SilenceValidationException(
                        List.of(ProblemDetail.FieldError.of("state", "one of active, pending, expired")));
            }
        }
        SilenceState filter = wanted;
        return silences.all().stream()
                .filter(s -> filter == null || s.state(now) == filter)
                .map(s -> SilenceResponse.of(s, now))
                .toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"analyst", "admin"})
    public SilenceResponse get(@PathParam("id") String id) {
        return silences.find(id)
                .map(s -> SilenceResponse.of(s, clock.instant()))
                .orElseThrow(() -> new NotFoundException("no silence " + id));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("admin")
    public Response expire(@PathParam("id") String id) {
        if (silences.find(id).isEmpty()) {
            throw new NotFoundException("no silence " + id);
        }
        if (!silences.expire(id, clock.instant())) {
            return Response.status(Response.Status.CONFLICT)
                    .type(ProblemDetail.MEDIA_TYPE)
                    .entity(ProblemDetail.of(409, "silence-expired", "Silence already expired", "silence " + id))
                    .build();
        }
        return Response.noContent().build();
    }
}
