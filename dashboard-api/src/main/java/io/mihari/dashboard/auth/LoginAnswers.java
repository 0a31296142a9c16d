package io.mihari.dashboard.auth;

import io.mihari.dashboard.api.ProblemMapper;
import io.mihari.dashboard.auth.login.Logins;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;

/**
 * The HTTP answer to a login, however it was made (password and code, or password and passkey): the session, the
 * token that may only enrol, 429 with {@code Retry-After}, or the one 401 for every refusal.
 */
@ApplicationScoped
public class LoginAnswers {

    /** The one answer to a wrong user, password, code or passkey. */
    public static final String REFUSED = "wrong user, password or code";

    private final Tokens tokens;
    private final CatalogHolder catalog;
    private final Clock clock;

    LoginAnswers(Tokens tokens, CatalogHolder catalog, Clock clock) {
        this.tokens = tokens;
        this.catalog = catalog;
        this.clock = clock;
    }

    public Response of(Logins.Outcome outcome) {
        if (outcome instanceof Logins.Granted granted) {
            return Response.ok(AuthResource.session(tokens.issue(granted.user(), clock.instant()), granted.user(),
                    false, granted.recoveryCodesLeft(), catalog.get())).build();
        }
        if (outcome instanceof Logins.MustEnrol enrol) {
            return Response.ok(AuthResource.session(tokens.issueEnrolment(enrol.user()), enrol.user(), true, null,
                    catalog.get())).build();
        }
        if (outcome instanceof Logins.Throttled throttled) {
            long seconds = Math.max(1, Duration.between(clock.instant(), throttled.until()).toSeconds() + 1);
            return Response.fromResponse(ProblemMapper.problem(429, "Too Many Requests",
                    "too many failed logins for this user or address; try again in " + seconds + " s"))
                    .header("Retry-After", seconds).build();
        }
        return Response.fromResponse(ProblemMapper.problem(401, "Unauthorized", REFUSED))
                .header("WWW-Authenticate", "Bearer realm=\"mihari\"").build();
    }

    /** The client's address as the throttle counts it (the TCP peer, or the trusted proxy's forwarded one). */
    public static String from(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
