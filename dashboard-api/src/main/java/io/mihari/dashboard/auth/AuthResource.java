package io.mihari.dashboard.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Log in (password, and for administrators a one-time code) and learn who you are. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private static final Logger AUDIT = Logger.getLogger("io.mihari.audit");

    /** The login form. */
    public record Login(@NotBlank @Size(max = 100) String username, @NotBlank @Size(max = 200) String password,
            @Size(max = 10) String code) {
    }

    /** A login: the token to send as {@code Authorization: Bearer …}. */
    public record Session(String token, Instant expiresAt, Me user) {
    }

    /** Who is logged in and what they may see. */
    public record Me(String id, String name, String role, String organisation, List<String> services) {
    }

    private final Users users;
    private final Tokens tokens;
    private final Viewer viewer;
    private final Clock clock;
    private final io.mihari.dashboard.catalog.CatalogHolder catalog;

    AuthResource(Users users, Tokens tokens, Viewer viewer, Clock clock,
            io.mihari.dashboard.catalog.CatalogHolder catalog) {
        this.catalog = catalog;
        this.users = users;
        this.tokens = tokens;
        this.viewer = viewer;
        this.clock = clock;
    }

    @POST
    @Path("/login")
    public Session login(@Valid Login login, @jakarta.ws.rs.core.Context io.vertx.core.http.HttpServerRequest request) {
        User user = users.find(login.username()).filter(u -> Users.passwordMatches(u, login.password()))
                .orElseThrow(() -> {
                    AUDIT.warnf("login refused for '%s' from %s: wrong user or password", login.username(),
                            request.remoteAddress());
                    return new io.quarkus.security.AuthenticationFailedException("wrong user or password");
                });
        if (user.totpSecret() != null && !user.totpSecret().isBlank()
                && !Totp.matches(user.totpSecret(), login.code(), clock.instant())) {
            AUDIT.warnf("login refused for '%s' from %s: second factor missing or wrong", user.id(),
                    request.remoteAddress());
            throw new io.quarkus.security.AuthenticationFailedException("a valid one-time code is required");
        }
        AUDIT.infof("login of '%s' (%s %s) from %s", user.id(), user.role(), user.organisation(),
                request.remoteAddress());
        Scope scope = Scope.of(user.id(), user.name(), user.role(), user.organisation(), catalog.get());
        return new Session(tokens.issue(user), tokens.expiry(), me(scope));
    }

    @GET
    @Path("/me")
    public Me me() {
        return me(viewer.scope());
    }

    private static Me me(Scope scope) {
        return new Me(scope.userId(), scope.name(), scope.role(), scope.organisation(), List.copyOf(scope.services()));
    }
}
