package io.rapport.segmentation.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import io.rapport.common.runtime.ProblemDetail;
import io.rapport.common.runtime.ProblemDetailMappers;
import io.rapport.segmentation.api.Dtos.DefinitionRequest;
import io.rapport.segmentation.api.Dtos.DefinitionView;
import io.rapport.segmentation.api.Dtos.HistoryEntry;
import io.rapport.segmentation.api.Dtos.HistoryPage;
import io.rapport.segmentation.api.Dtos.Member;
import io.rapport.segmentation.api.Dtos.MemberPage;
import io.rapport.segmentation.api.Dtos.Overlap;
import io.rapport.segmentation.api.Dtos.SizePoint;
import io.rapport.segmentation.api.Dtos.SizeSeries;
import io.rapport.segmentation.backfill.BackfillService;
import io.rapport.segmentation.config.SegmentationConfig;
import io.rapport.segmentation.domain.SegmentDefinition;
import io.rapport.segmentation.domain.SegmentExpressions;
import io.rapport.segmentation.messaging.SegmentRegistry;
import io.rapport.segmentation.store.DefinitionRepository;
import io.rapport.segmentation.store.ExportLineEncoder;
import io.rapport.segmentation.store.MemberQuery;
import io.rapport.segmentation.store.MembershipRepository;
import io.rapport.segmentation.store.ReadAheadRows;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Segment definitions, sizes, members, history, overlap, export and back-fill progress. */
@Path("/v1/segments")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SegmentResource {
    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";
    /** Rows per cursor batch of an export: each batch is one round trip to the store. */
    static final int EXPORT_BATCH = 2000;

    /** The columns of an export, in order. */
    public static final List<String> EXPORT_COLUMNS = List.of(
            "accountId",
            "score",
            "band",
            "lifecycle",
            "predictedValue",
            "valueTier",
            "lastActivity",
            "industry",
            "region",
            "tier",
            "owningTeam",
            "since",
            "definitionVersion");

    private final DefinitionRepository definitions;
    private final MembershipRepository memberships;
    private final SegmentExpressions expressions;
    private final SegmentRegistry registry;
    private final BackfillService backfill;
    private final SegmentationConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;

    SegmentResource(
            DefinitionRepository definitions,
            MembershipRepository memberships,
            SegmentExpressions expressions,
            SegmentRegistry registry,
            BackfillService backfill,
            SegmentationConfig config,
            ObjectMapper mapper,
            Clock clock) {
        this.definitions = definitions;
        this.memberships = memberships;
        this.expressions = expressions;
        this.registry = registry;
        this.backfill = backfill;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Every segment with its current size and latest back-fill")
    public List<DefinitionView> list() {
        List<DefinitionView> views = new ArrayList<>();
        for (SegmentDefinition d : definitions.all()) {
            views.add(DefinitionView.of(
                    d, memberships.size(d.id()), backfill.progress(d.id()).orElse(null)));
        }
        return views;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "One segment with its size and latest back-fill")
    public DefinitionView get(@PathParam("id") String id) {
        SegmentDefinition d = definition(id);
        return DefinitionView.of(d, memberships.size(id), backfill.progress(id).orElse(null));
    }

    @GET
    @Path("/{id}/versions")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Every version of a definition, oldest first")
    public List<Document> versions(@PathParam("id") String id) {
        definition(id);
        return definitions.versions(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a segment; it is back-filled over every account in the background")
    @APIResponse(responseCode = "201", description = "Created; back-fill queued")
    @APIResponse(
            responseCode = "400",
            description = "Invalid CEL expression or unknown attribute",
            content =
                    @Content(
                            mediaType = ProblemDetail.MEDIA_TYPE,
                            examples =
                                    @ExampleObject(
                                            name = "unknown attribute",
                                            value =
                                                    "{\"type\":\"https://rapport.io/problems/invalid-expression\","
                                                            + "\"title\":\"Invalid segment expression\",\"status\":400,"
                                                            + "\"detail\":\"1:1: undeclared reference to 'revenue' (in container '')\","
                                                            + "\"errors\":[{\"field\":\"expression\",\"line\":1,\"column\":1,"
                                                            + "\"reason\":\"undeclared reference to 'revenue' (in container '')\"}]}")))
    @APIResponse(responseCode = "409", description = "A segment with this id exists")
    public Response create(@Valid @NotNull DefinitionRequest request, @Context SecurityContext security) {
        Set<String> attributes = expressions.compile(request.expression()).attributes();
        String id = request.id() != null ? request.id() : slug(request.name());
        Instant now = clock.instant();
        SegmentDefinition d = new SegmentDefinition(
                id,
                request.name(),
                request.description() == null ? "" : request.description(),
                request.expression(),
                definitions.firstVersion(id),
                false,
                user(security),
                now,
                now,
                attributes);
        if (!definitions.insert(d)) {
            String detail = definitions.isDeleting(id)
                    ? "The segment '" + id + "' is being deleted; retry when its deletion is done."
                    : "A segment with id '" + id + "' exists.";
            return ProblemDetailMappers.problem(ProblemDetail.of(409, "conflict", "Segment exists", detail));
        }
        registry.reload();
        Document job = backfill.start(d, "created");
        return Response.status(201)
                .header("Location", "/v1/segments/" + id)
                .entity(DefinitionView.of(d, 0L, job))
                .build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a segment; a changed expression makes a new version and is back-filled")
    public Response update(@PathParam("id") String id, @Valid @NotNull DefinitionRequest request) {
        SegmentDefinition existing = definition(id);
        if (existing.builtIn()) {
            return readOnly(id);
        }
        Set<String> attributes = expressions.compile(request.expression()).attributes();
        SegmentDefinition revised = existing.revise(
                request.name(),
                request.description() == null ? "" : request.description(),
                request.expression(),
                attributes,
                clock.instant());
        definitions.update(revised);
        registry.reload();
        Document job = revised.version() != existing.version() ? backfill.start(revised, "changed") : null;
        return Response.ok(DefinitionView.of(revised, memberships.size(id), job))
                .build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Delete a segment: every member leaves (recorded and published as exits, reason 'segment"
                    + " deleted') in the background, then the definition goes; progress under /backfill")
    @APIResponse(responseCode = "202", description = "Deletion queued; the body is its progress")
    public Response delete(@PathParam("id") String id) {
        SegmentDefinition existing = definition(id);
        if (existing.builtIn()) {
            return readOnly(id);
        }
        backfill.cancel(id);
        definitions.markDeleting(id, clock.instant());
        registry.reload();
        Document job = backfill.remove(existing);
        return Response.accepted(Dtos.progress(job))
                .header("Location", "/v1/segments/" + id + "/backfill")
                .build();
    }

    @GET
    @Path("/{id}/backfill")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Progress of the segment's latest back-fill or deletion: done/total, rate, ETA")
    public Map<String, Object> backfillProgress(@PathParam("id") String id) {
        // also after the definition is gone: a deletion's progress stays readable
        return backfill.progress(id)
                .map(Dtos::progress)
                .orElseThrow(() -> new NotFoundException("no back-fill of '" + id + "'"));
    }

    @GET
    @Path("/{id}/members")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "A page of members, sorted by score, value or recency, with a keyset cursor")
    public MemberPage members(
            @PathParam("id") String id,
            @Parameter(description = "score | value | recency") @QueryParam("sort") @DefaultValue("score") String sort,
            @Parameter(description = "desc | asc") @QueryParam("order") @DefaultValue("desc") String order,
            @QueryParam("limit") @DefaultValue("100") int limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @QueryParam("minScore") Double minScore,
            @QueryParam("maxScore") Double maxScore,
            @QueryParam("band") String band,
            @QueryParam("lifecycle") String lifecycle,
            @QueryParam("industry") String industry,
            @QueryParam("region") String region,
            @QueryParam("tier") String tier,
            @QueryParam("owningTeam") String owningTeam) {
        definition(id);
        MemberQuery.SortKey key = sortKey(sort);
        boolean descending = direction(order);
        Params.limit(limit, config.maxPageSize());
        List<Bson> filters = filters(minScore, maxScore, band, lifecycle, industry, region, tier, owningTeam);
        MemberQuery.After after = cursor == null || cursor.isBlank() ? null : Cursors.decode(key, cursor);
        List<Document> rows = memberships.page(id, new MemberQuery(key, descending, filters, limit + 1, after));
        boolean more = rows.size() > limit;
        List<Document> page = more ? rows.subList(0, limit) : rows;
        String next = more ? Cursors.encode(key, page.get(page.size() - 1)) : null;
        return new MemberPage(
                id,
                key.name().toLowerCase(Locale.ROOT),
                descending ? "desc" : "asc",
                page.stream().map(Member::of).toList(),
                next);
    }

    @GET
    @Path("/{id}/export")
    @Produces({CSV, NDJSON})
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Every member, streamed from a cursor in account order, as CSV or NDJSON")
    public Response export(
            @PathParam("id") String id,
            @Parameter(description = "csv | ndjson (else from Accept)") @QueryParam("format") String format,
            @Context jakarta.ws.rs.core.HttpHeaders headers,
            @QueryParam("band") String band,
            @QueryParam("industry") String industry,
            @QueryParam("region") String region,
            @QueryParam("tier") String tier,
            @QueryParam("owningTeam") String owningTeam) {
        definition(id);
        boolean ndjson = format != null
                ? "ndjson".equalsIgnoreCase(format)
                : headers.getAcceptableMediaTypes().stream()
                        .anyMatch(m -> m.toString().startsWith(NDJSON));
        if (format != null && !ndjson && !"csv".equalsIgnoreCase(format)) {
            throw new BadRequest("format", "csv or ndjson");
        }
        List<Bson> filters = filters(null, null, band, null, industry, region, tier, owningTeam);
        StreamingOutput body = out -> {
            // The cursor's reader only receives raw documents (ReadAheadRows, its own thread): the store
            // produces the next batch while this thread writes the lines of the current one (ExportLineEncoder)
            try (ReadAheadRows<RawBsonDocument> rows = new ReadAheadRows<>(
                    memberships
                            .export(id, filters, EXPORT_COLUMNS, EXPORT_BATCH)
                            .iterator(),
                    4,
                    "segment-export-" + id)) {
                // large writes to the response: each one is a hand-over to the event loop
                ExportLineEncoder lines = new ExportLineEncoder(
                        ndjson ? ExportLineEncoder.Format.NDJSON : ExportLineEncoder.Format.CSV,
                        EXPORT_COLUMNS,
                        mapper.getFactory(),
                        memberships.codecs(),
                        out);
                lines.header();
                while (rows.hasNext()) {
                    lines.write(rows.next());
                }
                lines.flush();
            }
        };
        String file = id + (ndjson ? ".ndjson" : ".csv");
        return Response.ok(body, ndjson ? NDJSON : CSV + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .build();
    }

    @GET
    @Path("/{id}/sizes")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Daily size series (size at the last snapshot of each day, entries and exits)")
    public SizeSeries sizes(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to) {
        definition(id);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate f = from == null ? today.minusDays(30) : date("from", from);
        LocalDate t = to == null ? today : date("to", to);
        List<SizePoint> days = memberships.sizes(id, f, t).stream()
                .map(d -> new SizePoint(
                        d.getString("date"),
                        d.get("size", Number.class) == null
                                ? null
                                : d.get("size", Number.class).longValue(),
                        count(d, "entered"),
                        count(d, "left")))
                .toList();
        return new SizeSeries(id, memberships.size(id), days);
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Entries and exits between two times (ISO instant or date), oldest first")
    public HistoryPage history(
            @PathParam("id") String id,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue("500") int limit,
            @QueryParam("cursor") String cursor) {
        definition(id);
        if (from == null || to == null) {
            throw new BadRequest(from == null ? "from" : "to", "required (ISO-8601 instant or date)");
        }
        Params.limit(limit, config.maxPageSize());
        Instant f = Params.instant("from", from);
        Instant t = Params.instant("to", to);
        Document after = cursor == null || cursor.isBlank() ? null : Cursors.decodeHistory(cursor);
        List<Document> rows = memberships.history(id, f, t, after, limit + 1);
        boolean more = rows.size() > limit;
        List<Document> page = more ? rows.subList(0, limit) : rows;
        return new HistoryPage(
                id,
                f,
                t,
                page.stream().map(HistoryEntry::of).toList(),
                more ? Cursors.encodeHistory(page.get(page.size() - 1)) : null);
    }

    @GET
    @Path("/{id}/overlap/{other}")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "How many accounts two segments share")
    public Overlap overlap(@PathParam("id") String id, @PathParam("other") String other) {
        definition(id);
        definition(other);
        long a = memberships.size(id);
        long b = memberships.size(other);
        long both = memberships.overlap(id, other);
        long union = a + b - both;
        return new Overlap(id, other, a, b, both, union == 0 ? 0.0 : (double) both / union);
    }

    private SegmentDefinition definition(String id) {
        return definitions.find(id).orElseThrow(() -> new NotFoundException("no segment '" + id + "'"));
    }

    private static Response readOnly(String id) {
        return ProblemDetailMappers.problem(ProblemDetail.of(
                409, "built-in", "Built-in segment", "'" + id + "' is built in and cannot be changed or deleted."));
    }

    static List<Bson> filters(
            Double minScore,
            Double maxScore,
            String band,
            String lifecycle,
            String industry,
            String region,
            String tier,
            String owningTeam) {
        List<Bson> filters = new ArrayList<>();
        if (minScore != null) {
            filters.add(Filters.gte("score", minScore));
        }
        if (maxScore != null) {
            filters.add(Filters.lte("score", maxScore));
        }
        Map<String, String> equals = new LinkedHashMap<>();
        equals.put("band", band);
        equals.put("lifecycle", lifecycle);
        equals.put("industry", industry);
        equals.put("region", region);
        equals.put("tier", tier);
        equals.put("owningTeam", owningTeam);
        equals.forEach((field, value) -> {
            if (value != null && !value.isBlank()) {
                filters.add(Filters.eq(field, value));
            }
        });
        return filters;
    }

    private static final Map<String, MemberQuery.SortKey> SORTS = new HashMap<>(Map.of(
            "score", MemberQuery.SortKey.SCORE,
            "value", MemberQuery.SortKey.VALUE,
            "recency", MemberQuery.SortKey.RECENCY));

    static MemberQuery.SortKey sortKey(String sort) {
        MemberQuery.SortKey key = SORTS.get(sort.toLowerCase(Locale.ROOT));
        if (key == null) {
            throw new BadRequest("sort", "one of score, value, recency");
        }
        return key;
    }

    static boolean direction(String order) {
        return switch (order.toLowerCase(Locale.ROOT)) {
            case "desc" -> true;
            case "asc" -> false;
            default -> throw new BadRequest("order", "asc or desc");
        };
    }

    private static long count(Document d, String key) {
        Number n = d.get(key, Number.class);
        return n == null ? 0 : n.longValue();
    }

    private static LocalDate date(String field, String value) {
        try {
            return value.length() == 10
                    ? LocalDate.parse(value)
                    : LocalDate.ofInstant(Instant.parse(value), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadRequest(field, "not an ISO-8601 date or instant");
        }
    }

    private static String user(SecurityContext security) {
        return security.getUserPrincipal() == null
                ? "unknown"
                : security.getUserPrincipal().getName();
    }

    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return s.isEmpty()
                ? "segment-" + Long.toHexString(Date.from(Instant.now()).getTime())
                : s.substring(0, Math.min(64, s.length()));
    }
}
