package io.rapport.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.common.json.RapportJson;
import io.rapport.common.runtime.JsonPaths;
import io.rapport.common.runtime.ProblemDetail;
import io.rapport.common.runtime.ProblemDetailMappers;
import io.rapport.ingest.config.IngestConfig;
import io.rapport.ingest.domain.EventIntake;
import io.rapport.ingest.domain.EventOutcome;
import io.rapport.ingest.domain.IngestReport;
import io.rapport.ingest.domain.Rejection;
import io.rapport.ingest.domain.Submission;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Accepts events over HTTP: one JSON event, a JSON array, an NDJSON stream, or CloudEvents (one or a
 * batch). Answers 202 with counts, per-event outcomes and errors when anything was taken; 400 when
 * nothing was; 413 over the JSON size limit; 503 with {@code Retry-After} when Kafka did not acknowledge.
 */
@Path("/v1/events")
@Tag(name = "events", description = "Send interactions, transactions and account reference data")
@RolesAllowed({"ingest", "admin"})
@SecurityRequirement(name = "apiKey")
public class EventResource {
    /** Media type of NDJSON streams: one JSON event per line. */
    public static final String NDJSON = "application/x-ndjson";
    /** CloudEvents 1.0, structured mode, one event. */
    public static final String CLOUDEVENT = "application/cloudevents+json";
    /** CloudEvents 1.0, batched structured mode: a JSON array of CloudEvents. */
    public static final String CLOUDEVENT_BATCH = "application/cloudevents-batch+json";

    private final EventSubmissionReader reader;
    private final CloudEventReader cloudEvents;
    private final EventIntake intake;
    private final IngestConfig config;
    private final IngestMetrics metrics;

    EventResource(
            EventSubmissionReader reader,
            CloudEventReader cloudEvents,
            EventIntake intake,
            IngestConfig config,
            IngestMetrics metrics) {
        this.reader = reader;
        this.cloudEvents = cloudEvents;
        this.intake = intake;
        this.config = config;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(
            summary = "Send one event",
            description =
                    "202 once Kafka acknowledged it; 400 with the field and reason if invalid; 503 if Kafka is unreachable.")
    public Response postOne(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
        JsonNode node = parse(readJson(body, length, "json"));
        return process(List.of(reader.read(0, node)), UnaryOperator.identity());
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(
            summary = "Send a JSON array of events",
            description = "Valid events are accepted, invalid ones rejected with their index, field and reason.")
    public Response postBatch(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
        return array(readJson(body, length, "batch"), reader::read, UnaryOperator.identity());
    }

    @POST
    @Consumes(CLOUDEVENT)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(
            summary = "Send one CloudEvent (1.0, structured mode)",
            description =
                    "type is io.rapport.<type>.v1 or <type>; id → eventId, subject → accountId, time → occurredAt,"
                            + " data → the type's fields. Errors name the CloudEvents attribute.")
    public Response postCloudEvent(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
        JsonNode node = parse(readJson(body, length, "cloudevents"));
        return process(List.of(cloudEvents.read(0, node)), CloudEventReader::renameFields);
    }

    @POST
    @Consumes(CLOUDEVENT_BATCH)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(
            summary = "Send a batch of CloudEvents (1.0, a JSON array)",
            description = "Each CloudEvent is mapped as for application/cloudevents+json.")
    public Response postCloudEventBatch(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
        return array(readJson(body, length, "cloudevents-batch"), cloudEvents::read, CloudEventReader::renameFields);
    }

    @POST
    @Consumes(NDJSON)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(
            summary = "Stream events as NDJSON (one JSON event per line)",
            description = "Read line by line and processed in chunks; no total size limit, a per-line limit. Errors"
                    + " carry the 0-based line index. The answer has counts and errors, not per-event results.")
    public Response postNdjson(InputStream body) {
        RequestBodies.Counting counting = new RequestBodies.Counting(body);
        NdjsonLines lines = new NdjsonLines(counting, (int)
                Math.min(Integer.MAX_VALUE - 16, config.maxNdjsonLineSize().asLongValue()));
        Tally tally = new Tally(config.maxReportedErrors(), false);
        List<Submission> chunk = new ArrayList<>(config.ndjsonChunkSize());
        int lastIndex = -1;
        try {
            NdjsonLines.Line line;
            while ((line = lines.next()) != null) {
                lastIndex = line.index();
                if (!line.tooLong() && line.blank()) {
                    continue;
                }
                chunk.add(readLine(line));
                if (chunk.size() >= config.ndjsonChunkSize()) {
                    IngestReport report = intake.process(chunk);
                    chunk = new ArrayList<>(config.ndjsonChunkSize());
                    metrics.record(report);
                    tally.add(report);
                    if (report.incomplete()) {
                        return notWritten(tally, lastIndex);
                    }
                }
            }
        } catch (IOException e) {
            throw new BadRequest(ProblemDetail.of(
                    400,
                    "malformed-json",
                    "Malformed JSON",
                    "the request body could not be read after line " + lastIndex + "; events up to the last"
                            + " complete chunk were processed, send the stream again"));
        } finally {
            metrics.requestSize("ndjson", counting.count());
        }
        if (!chunk.isEmpty()) {
            IngestReport report = intake.process(chunk);
            metrics.record(report);
            tally.add(report);
        }
        if (tally.total() == 0) {
            throw new BadRequest(
                    ProblemDetail.of(400, "malformed-json", "Malformed JSON", "the request body has no events"));
        }
        return answer(tally);
    }

    private Submission readLine(NdjsonLines.Line line) {
        int index = line.index();
        if (line.tooLong()) {
            return Submission.rejected(
                    index,
                    List.of(new Rejection(
                            index,
                            "",
                            "line longer than " + config.maxNdjsonLineSize().asLongValue() + " bytes")));
        }
        JsonNode node;
        try {
            node = RapportJson.mapper().readTree(line.bytes(), 0, line.length());
        } catch (JsonProcessingException e) {
            return Submission.rejected(index, List.of(new Rejection(index, "", JsonPaths.reason(e))));
        } catch (IOException e) {
            return Submission.rejected(index, List.of(new Rejection(index, "", "malformed JSON")));
        }
        return reader.read(index, node);
    }

    private byte[] readJson(InputStream body, Long length, String format) {
        byte[] bytes =
                RequestBodies.readLimited(body, length, config.maxJsonBodySize().asLongValue());
        metrics.requestSize(format, bytes.length);
        return bytes;
    }

    private Response array(
            byte[] body, BiFunction<Integer, JsonNode, Submission> read, UnaryOperator<IngestReport> rename) {
        JsonNode node = parse(body);
        if (!node.isArray()) {
            throw new BadRequest(ProblemDetail.of(
                    400, "malformed-json", "Malformed JSON", "a batch must be a JSON array of events"));
        }
        if (node.isEmpty()) {
            throw new BadRequest(ProblemDetail.of(400, "malformed-json", "Malformed JSON", "the batch is empty"));
        }
        List<Submission> submissions = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            submissions.add(read.apply(i, node.get(i)));
        }
        return process(submissions, rename);
    }

    private Response process(List<Submission> submissions, UnaryOperator<IngestReport> rename) {
        IngestReport report = rename.apply(intake.process(submissions));
        metrics.record(report);
        Tally tally = new Tally(config.maxReportedErrors(), true);
        tally.add(report);
        return report.incomplete() ? notWritten(tally, -1) : answer(tally);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new BadRequest(
                    ProblemDetail.of(400, "malformed-json", "Malformed JSON", "the request body is empty"));
        }
        try {
            return RapportJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest(ProblemDetail.of(400, "malformed-json", "Malformed JSON", JsonPaths.reason(e)));
        } catch (IOException e) {
            throw new BadRequest(
                    ProblemDetail.of(400, "malformed-json", "Malformed JSON", "the request body could not be read"));
        }
    }

    private Response notWritten(Tally tally, int streamStoppedAtLine) {
        List<ProblemDetail.FieldError> notWritten = tally.notWritten().stream()
                .map(index -> new ProblemDetail.FieldError(
                        index, null, "not written: Kafka did not acknowledge it; send it again"))
                .toList();
        String detail = tally.count(EventOutcome.NOT_WRITTEN) + " event(s) not written; "
                + tally.count(EventOutcome.ACCEPTED) + " accepted, " + tally.count(EventOutcome.DUPLICATE)
                + " duplicate, " + tally.count(EventOutcome.REJECTED) + " rejected."
                + (streamStoppedAtLine >= 0
                        ? " Lines after " + streamStoppedAtLine + " were not read. Send the stream again:"
                                + " accepted events come back as duplicates."
                        : " Retry the ones not written.");
        return Response.fromResponse(ProblemDetailMappers.problem(new ProblemDetail(
                        ProblemDetail.TYPE_BASE + "kafka-unavailable",
                        "Event store unavailable",
                        503,
                        detail,
                        null,
                        notWritten)))
                .header("Retry-After", String.valueOf(config.retryAfterSeconds()))
                .build();
    }

    private Response answer(Tally tally) {
        boolean nothingTaken = tally.count(EventOutcome.ACCEPTED) == 0 && tally.count(EventOutcome.DUPLICATE) == 0;
        if (nothingTaken && tally.count(EventOutcome.REJECTED) > 0) {
            List<ProblemDetail.FieldError> errors = tally.errors().stream()
                    .map(r -> new ProblemDetail.FieldError(r.index(), r.field(), r.reason()))
                    .toList();
            return ProblemDetailMappers.problem(new ProblemDetail(
                    ProblemDetail.TYPE_BASE + "validation",
                    "Invalid event",
                    400,
                    tally.count(EventOutcome.REJECTED) + " event(s) rejected",
                    null,
                    errors));
        }
        return Response.accepted(IngestResponse.of(tally))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }
}
