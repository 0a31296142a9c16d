package io.mihari.dashboard.auth;

import io.mihari.dashboard.auth.login.Logins;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.config.DashboardConfig;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Log in (password, and a one-time code for everyone who needs a second factor — or a passkey instead of the code:
 * {@code io.mihari.dashboard.auth.passkey.PasskeyLoginResource}), renew, log out, and learn who you are. Every refusal of
 * a login is the same 401 whatever was wrong; 429 when the account name or address must wait.
 */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private static final Logger AUDIT = Logger.getLogger("io.mihari.audit");
    /** The one answer to a wrong user, password or code. */
    public static final String REFUSED = LoginAnswers.REFUSED;

    /** The login form. */
    public record Login(@NotBlank @Size(max = 100) String username, @NotBlank @Size(max = 200) String password,
            @Size(max = 40) String code) {
    }

    /**
     * A login: the token to send as {@code Authorization: Bearer …}.
     *
     * @param mustEnrol true when the token may only enrol a second factor ({@code /api/auth/enrolment/*})
     * @param recoveryCodesLeft set when a recovery code was used to log in
     */
    public record Session(String token, Instant expiresAt, Me user, boolean mustEnrol, Integer recoveryCodesLeft) {
    }

    /** Who is logged in and what they may see. */
    public record Me(String id, String name, String role, String organisation, List<String> services) {
    }

    private final Logins logins;
    private final LoginAnswers answers;
    private final Tokens tokens;
    private final Sessions sessions;
    private final Users users;
    private final Viewer viewer;
    private final SecurityIdentity identity;
    private final CatalogHolder catalog;
    private final Duration sessionMax;

    AuthResource(Logins logins, LoginAnswers answers, Tokens tokens, Sessions sessions, Users users, Viewer viewer,
            SecurityIdentity identity, CatalogHolder catalog, DashboardConfig config) {
        this.logins = logins;
        this.answers = answers;
        this.tokens = tokens;
        this.sessions = sessions;
        this.users = users;
        this.viewer = viewer;
        this.identity = identity;
        this.catalog = catalog;
        this.sessionMax = config.auth().sessionMax();
    }

    @POST
    @Path("/login")
    @APIResponse(responseCode = "200", description = "logged in, or (mustEnrol) allowed only to enrol a second factor")
    @APIResponse(responseCode = "401", description = REFUSED)
    @APIResponse(responseCode = "429", description = "too many failed logins for this account name or address")
    @APIResponse(responseCode = "503", description = "the login state (OpenSearch) cannot be reached")
    public Response login(@Valid @NotNull(message = "a JSON body {username, password, code} is required") Login login,
            @Context HttpServerRequest request) {
        return answers.of(logins.login(login.username(), login.password(), login.code(), LoginAnswers.from(request)));
    }

    /** A fresh token for the same login (the old one is revoked), until {@code session-max} after the login. */
    @POST
    @Path("/refresh")
    @APIResponse(responseCode = "200", description = "a fresh token; the one sent is revoked")
    @APIResponse(responseCode = "401", description = "the login is older than mihari.auth.session-max: log in again")
    public Session refresh() {
        Tokens.Claims claims = claims();
        User user = users.find(claims.userId()).orElseThrow(io.quarkus.security.UnauthorizedException::new);
        Tokens.Issued fresh = tokens.renew(user, claims, sessionMax).orElseThrow(() ->
                new io.quarkus.security.AuthenticationFailedException("this login has lasted its maximum; log in again"));
        sessions.revoke(claims);
        return session(fresh, user, false, null);
    }

    /** Ends this login: the token is revoked on every instance until its expiry. */
    @POST
    @Path("/logout")
    @APIResponse(responseCode = "204", description = "the token is revoked")
    public Response logout(@Context HttpServerRequest request) {
        Tokens.Claims claims = claims();
        sessions.revoke(claims);
        AUDIT.infof("logout of '%s' from %s", claims.userId(), LoginAnswers.from(request));
        return Response.noContent().build();
    }

    @GET
    @Path("/me")
    public Me me() {
        return me(viewer.scope());
    }

    Tokens.Claims claims() {
        Tokens.Claims claims = identity.getAttribute(TokenMechanism.CLAIMS);
        if (claims == null) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        return claims;
    }

    private Session session(Tokens.Issued issued, User user, boolean mustEnrol, Integer recoveryCodesLeft) {
        return session(issued, user, mustEnrol, recoveryCodesLeft, catalog.get());
    }

    /** The answer to a login: the token, and who the user is and may see. */
    public static Session session(Tokens.Issued issued, User user, boolean mustEnrol, Integer recoveryCodesLeft,
            io.mihari.model.catalog.Catalog catalog) {
        Scope scope = Scope.of(user.id(), user.name(), user.role(), user.organisation(), catalog);
        return new Session(issued.token(), issued.expiresAt(), me(scope), mustEnrol, recoveryCodesLeft);
    }

    private static Me me(Scope scope) {
        return new Me(scope.userId(), scope.name(), scope.role(), scope.organisation(), List.copyOf(scope.services()));
    }
}
