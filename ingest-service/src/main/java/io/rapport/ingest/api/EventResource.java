package io.rapport.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.common.json.RapportJson;
import io.rapport.common.runtime.JsonPaths;
import io.rapport.common.runtime.ProblemDetail;
import io.rapport.common.runtime.ProblemDetailMappers;
import io.rapport.ingest.domain.EventIntake;
import io.rapport.ingest.domain.EventOutcome;
import io.rapport.ingest.domain.IngestReport;
import io.rapport.ingest.domain.Submission;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Accepts events over HTTP: one at a time or a JSON array. */
@Path("/v1/events")
@Tag(name = "events", description = "Send interactions, transactions and account reference data")
public class EventResource {
    private final EventSubmissionReader reader;
    private final EventIntake intake;

    EventResource(EventSubmissionReader reader, EventIntake intake) {
        this.reader = reader;
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(
            summary = "Send one event",
            description =
                    "202 once Kafka acknowledged it; 400 with the field and reason if invalid; 503 if Kafka is unreachable.")
    public Response postOne(byte[] body) {
        JsonNode node = parse(body);
        return answer(intake.process(List.of(reader.read(0, node))));
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(
            summary = "Send a JSON array of events",
            description = "Valid events are accepted, invalid ones rejected with their index, field and reason.")
    public Response postBatch(byte[] body) {
        JsonNode node = parse(body);
        if (!node.isArray()) {
            throw new BadRequest(ProblemDetail.of(
                    400, "malformed-json", "Malformed JSON", "a batch must be a JSON array of events"));
        }
        List<Submission> submissions = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            submissions.add(reader.read(i, node.get(i)));
        }
        return answer(intake.process(submissions));
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
            throw new BadRequest(ProblemDetail.of(400, "malformed-json", "Malformed JSON", e.getMessage()));
        }
    }

    static Response answer(IngestReport report) {
        if (report.incomplete()) {
            List<ProblemDetail.FieldError> notWritten = report.results().stream()
                    .filter(r -> r.outcome() == EventOutcome.NOT_WRITTEN)
                    .map(r -> new ProblemDetail.FieldError(
                            r.index(), null, "not written: Kafka did not acknowledge it; send it again"))
                    .toList();
            return Response.fromResponse(ProblemDetailMappers.problem(new ProblemDetail(
                            ProblemDetail.TYPE_BASE + "kafka-unavailable",
                            "Event store unavailable",
                            503,
                            notWritten.size() + " event(s) not written; " + report.count(EventOutcome.ACCEPTED)
                                    + " accepted. Retry the ones not written.",
                            null,
                            notWritten)))
                    .header("Retry-After", "5")
                    .build();
        }
        boolean nothingTaken = report.count(EventOutcome.ACCEPTED) == 0 && report.count(EventOutcome.DUPLICATE) == 0;
        if (nothingTaken && !report.rejections().isEmpty()) {
            List<ProblemDetail.FieldError> errors = report.rejections().stream()
                    .map(r -> new ProblemDetail.FieldError(r.index(), r.field(), r.reason()))
                    .toList();
            return ProblemDetailMappers.problem(new ProblemDetail(
                    ProblemDetail.TYPE_BASE + "validation",
                    "Invalid event",
                    400,
                    report.count(EventOutcome.REJECTED) + " event(s) rejected",
                    null,
                    errors));
        }
        return Response.accepted(IngestResponse.of(report))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }
}
