package io.mihari.dashboard.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import java.util.Map;

/**
 * What the OpenAPI document cannot learn from the annotations: every {@code /api} operation but the logins needs the
 * bearer token (access is configured per path, not per method), refusals are problem+json, and the writes that are
 * published as commands answer 202 with the command's id, not 200.
 */
public class OpenApiFilter implements OASFilter {

    static final String BEARER = "bearer";
    /** The operations anyone may call: the logins (password and code; password and passkey, after its challenge). */
    static final java.util.Set<String> OPEN = java.util.Set.of("/api/auth/login", "/api/auth/passkey/login",
            "/api/auth/passkey/login/challenge");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().getOperations().entrySet()) {
                describe(path.getKey(), op.getKey(), op.getValue());
            }
        }
    }

    static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        if (!OPEN.contains(path)) {
            operation.setSecurity(java.util.List.of(OASFactory.createSecurityRequirement().addScheme(BEARER)));
            response(operation, "401", "not logged in, or the token was revoked or its user removed");
        }
        response(operation, "400", "invalid request: the detail names the parameter or field");
        if (method != PathItem.HttpMethod.GET && isCommand(path) && operation.getResponses() != null) {
            APIResponse ok = operation.getResponses().getAPIResponse("200");
            if (ok != null && (ok.getContent() == null || ok.getContent().getMediaTypes().isEmpty()
                    || ok.getContent().getMediaTypes().values().stream().allMatch(m -> m.getSchema() == null))) {
                operation.getResponses().removeAPIResponse("200");
            }
            operation.getResponses().addAPIResponse("202", OASFactory.createAPIResponse()
                    .description("accepted: published as a command; GET /api/commands/{commandId} tells its outcome")
                    .content(OASFactory.createContent().addMediaType("application/json",
                            OASFactory.createMediaType().schema(accepted()))));
            response(operation, "503", "the command could not be handed over (Kafka); nothing was changed");
        }
    }

    /**
     * The writes published as commands: of incidents, of a service's maintenance windows
     * ({@code /api/services/{serviceId}/maintenance…}) and availability revisions.
     */
    static boolean isCommand(String path) {
        return path.startsWith("/api/incidents/") || path.startsWith("/api/availability/")
                || path.startsWith("/api/services/") && path.contains("/maintenance");
    }

    private static Schema accepted() {
        return OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.OBJECT))
                .addProperty("commandId", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty("type", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty("status", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)));
    }

    private static void response(Operation operation, String status, String description) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        if (operation.getResponses().getAPIResponse(status) == null) {
            Content problem = OASFactory.createContent().addMediaType(ProblemMapper.PROBLEM_JSON,
                    OASFactory.createMediaType());
            operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                    .content(problem));
        }
    }

}
