package io.rapport.ingest.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rapport.common.auth.ApiKey;
import io.rapport.common.auth.ApiKeyRepository;
import io.rapport.common.auth.Roles;
import io.rapport.common.runtime.ProblemDetail;
import io.rapport.common.runtime.ProblemDetailMappers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** Creates, lists and revokes API keys (admin role). A new key's secret is shown once, in the 201 answer. */
@Path("/v1/admin/api-keys")
@RolesAllowed(Roles.ADMIN)
@Tag(name = "admin", description = "API keys")
@SecurityRequirement(name = "apiKey")
public class ApiKeyResource {
    private static final Logger LOG = Logger.getLogger(ApiKeyResource.class);
    private static final int MAX_BODY = 16 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A key as listed: never its secret. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(String keyId, String name, Set<String> roles, Instant createdAt, Instant revokedAt) {
        static KeyView of(ApiKeyRepository.StoredKey key) {
            return new KeyView(key.keyId(), key.name(), key.roles(), key.createdAt(), key.revokedAt());
        }
    }

    /** The answer to a creation: the key itself, shown this once. */
    public record CreatedKey(String keyId, String name, Set<String> roles, Instant createdAt, String key) {}

    private final ApiKeyRepository repository;

    ApiKeyResource(ApiKeyRepository repository) {
        this.repository = repository;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(
            summary = "Create an API key",
            description = "Body {\"name\": \"crm-connector\", \"roles\": [\"ingest\"]}; roles among ingest, analyst,"
                    + " admin. The answer carries the key once: store it, it cannot be shown again.")
    public Response create(InputStream body) {
        JsonNode request = readBody(body);
        List<ProblemDetail.FieldError> errors = new ArrayList<>();
        JsonNode name = request.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            errors.add(ProblemDetail.FieldError.of("name", "is required"));
        } else if (name.asText().length() > 256) {
            errors.add(ProblemDetail.FieldError.of("name", "size must be between 1 and 256"));
        }
        Set<String> roles = new LinkedHashSet<>();
        JsonNode rolesNode = request.get("roles");
        if (rolesNode == null || !rolesNode.isArray() || rolesNode.isEmpty()) {
            errors.add(
                    ProblemDetail.FieldError.of("roles", "is required: a non-empty array of ingest, analyst, admin"));
        } else {
            for (int i = 0; i < rolesNode.size(); i++) {
                JsonNode role = rolesNode.get(i);
                if (!role.isTextual() || !Roles.ALL.contains(role.asText())) {
                    errors.add(
                            ProblemDetail.FieldError.of("roles[" + i + "]", "must be one of admin, analyst, ingest"));
                } else {
                    roles.add(role.asText());
                }
            }
        }
        if (!errors.isEmpty()) {
            return ProblemDetailMappers.problem(new ProblemDetail(
                    ProblemDetail.TYPE_BASE + "validation",
                    "Invalid request",
                    400,
                    errors.size() + " field(s) rejected",
                    null,
                    errors));
        }
        ApiKey key = ApiKey.generate();
        ApiKeyRepository.StoredKey stored = repository.create(key, name.asText(), roles);
        LOG.infof("API key %s (%s) created with roles %s", key.keyId(), stored.name(), stored.roles());
        return Response.status(201)
                .type(MediaType.APPLICATION_JSON)
                .entity(new CreatedKey(stored.keyId(), stored.name(), stored.roles(), stored.createdAt(), key.reveal()))
                .build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List API keys (without secrets)")
    public List<KeyView> list() {
        return repository.list().stream().map(KeyView::of).toList();
    }

    @DELETE
    @Path("/{keyId}")
    @Produces(ProblemDetail.MEDIA_TYPE)
    @Operation(
            summary = "Revoke an API key",
            description = "The key stops working at once; it stays listed as revoked.")
    public Response revoke(@PathParam("keyId") String keyId) {
        if (!repository.revoke(keyId)) {
            return ProblemDetailMappers.problem(
                    ProblemDetail.of(404, "not-found", "Not found", "no API key with id " + keyId));
        }
        LOG.infof("API key %s revoked", keyId);
        return Response.noContent().build();
    }

    private static JsonNode readBody(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new jakarta.ws.rs.WebApplicationException(ProblemDetailMappers.problem(ProblemDetail.of(
                        413, "payload-too-large", "Payload too large", "at most " + MAX_BODY + " bytes")));
            }
            JsonNode node = bytes.length == 0 ? null : MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new jakarta.ws.rs.WebApplicationException(ProblemDetailMappers.problem(
                        ProblemDetail.of(400, "malformed-json", "Malformed JSON", "the body must be a JSON object")));
            }
            return node;
        } catch (IOException e) {
            throw new jakarta.ws.rs.WebApplicationException(ProblemDetailMappers.problem(
                    ProblemDetail.of(400, "malformed-json", "Malformed JSON", "the body must be a JSON object")));
        }
    }
}
