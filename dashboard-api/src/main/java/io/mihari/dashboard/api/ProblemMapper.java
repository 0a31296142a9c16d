package io.mihari.dashboard.api;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.opensearch.client.opensearch._types.OpenSearchException;

import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/** One error shape for every failure: RFC 9457 problem+json, never a stack trace. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    public static final String PROBLEM_JSON = "application/problem+json";

    /** The problem+json body. */
    public record Problem(String type, String title, int status, String detail) {
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            return unreadable(json);
        }
        return problem(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response notPublished(io.mihari.dashboard.command.CommandPublisher.CommandNotPublishedException e) {
        LOG.warn(e.getMessage());
        return problem(503, "Service Unavailable", "the command could not be handed over (Kafka); nothing was "
                + "changed, try again shortly");
    }

    @ServerExceptionMapper
    public Response notLoggedIn(io.quarkus.security.AuthenticationFailedException e) {
        return unauthorized(e.getMessage() == null ? "log in first" : e.getMessage());
    }

    @ServerExceptionMapper
    public Response anonymous(io.quarkus.security.UnauthorizedException e) {
        return unauthorized("log in first (POST /api/auth/login) and send the token as Authorization: Bearer <token>");
    }

    @ServerExceptionMapper
    public Response authStateUnavailable(io.mihari.dashboard.auth.state.AuthStoreUnavailableException e) {
        return problem(503, "Service Unavailable", e.getMessage());
    }

    /** Malformed JSON names where it broke; a field that does not belong names the field. */
    @ServerExceptionMapper
    public Response unreadable(com.fasterxml.jackson.core.JsonProcessingException e) {
        return problem(400, "Bad Request", JsonProblems.describe(e));
    }

    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unknownField(com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return problem(403, "Forbidden", "your role may not do this");
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> leaf(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted().collect(Collectors.joining("; "));
        return problem(400, "Bad Request", detail);
    }

    @ServerExceptionMapper
    public Response unavailable(UncheckedIOException e) {
        LOG.warn("storage unavailable", e);
        return problem(503, "Service Unavailable", "the event store (OpenSearch) is not reachable; try again shortly");
    }

    @ServerExceptionMapper
    public Response storageFailed(OpenSearchException e) {
        LOG.error("OpenSearch query failed", e);
        return problem(502, "Bad Gateway", "the event store (OpenSearch) could not answer this query");
    }

    private static String leaf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(problem(401, "Unauthorized", detail))
                .header("WWW-Authenticate", "Bearer realm=\"mihari\"").build();
    }

    public static Response problem(int status, String title, String detail) {
        return Response.status(status).type(PROBLEM_JSON)
                .entity(new Problem("about:blank", title, status, detail)).build();
    }

    /** The problem+json body as text, for answers written outside JAX-RS (the login challenge). */
    public static String json(int status, String title, String detail) {
        return "{\"type\":\"about:blank\",\"title\":" + quote(title) + ",\"status\":" + status + ",\"detail\":"
                + quote(detail) + "}";
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
