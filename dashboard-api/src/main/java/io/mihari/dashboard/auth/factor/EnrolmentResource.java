package io.mihari.dashboard.auth.factor;

import io.mihari.dashboard.auth.AuthResource;
import io.mihari.dashboard.auth.Sessions;
import io.mihari.dashboard.auth.TokenMechanism;
import io.mihari.dashboard.auth.Tokens;
import io.mihari.dashboard.auth.User;
import io.mihari.dashboard.auth.Users;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.util.List;

/**
 * Enrolment of a TOTP second factor, with the token {@code POST /api/auth/login} gives a user who must have one but
 * has none yet ({@code mustEnrol}); that token can do nothing else.
 */
@Path("/api/auth/enrolment")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(TokenMechanism.ENROLLING)
public class EnrolmentResource {

    /** The code that confirms the new secret. */
    public record Confirmation(@NotBlank @Size(max = 10) String code) {
    }

    /** The factor is enrolled: the recovery codes (shown once, never again) and the session that begins now. */
    public record Enrolled(List<String> recoveryCodes, AuthResource.Session session) {
    }

    private final Enrolments enrolments;
    private final Users users;
    private final Tokens tokens;
    private final Sessions sessions;
    private final SecurityIdentity identity;
    private final io.mihari.dashboard.catalog.CatalogHolder catalog;
    private final Clock clock;

    EnrolmentResource(Enrolments enrolments, Users users, Tokens tokens, Sessions sessions, SecurityIdentity identity,
            io.mihari.dashboard.catalog.CatalogHolder catalog, Clock clock) {
        this.enrolments = enrolments;
        this.users = users;
        this.tokens = tokens;
        this.sessions = sessions;
        this.identity = identity;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** A fresh secret, its {@code otpauth://} URI and a QR code (SVG) of it, for an authenticator app. */
    @POST
    @Path("/totp")
    public Enrolments.Offer offer() {
        return enrolments.offer(user());
    }

    /** Confirms the secret with a code of it; answers the recovery codes (once) and a session. */
    @POST
    @Path("/totp/confirm")
    public Enrolled confirm(@Valid @NotNull(message = "a JSON body {code} is required") Confirmation confirmation) {
        User user = user();
        List<String> codes = enrolments.confirm(user, confirmation.code());
        sessions.revoke(identity.getAttribute(TokenMechanism.CLAIMS));
        return new Enrolled(codes, AuthResource.session(tokens.issue(user, clock.instant()), user, false, null,
                catalog.get()));
    }

    private User user() {
        return users.find(identity.getPrincipal().getName()).orElseThrow(io.quarkus.security.UnauthorizedException::new);
    }
}
