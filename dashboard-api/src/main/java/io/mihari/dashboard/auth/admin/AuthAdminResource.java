package io.mihari.dashboard.auth.admin;

import io.mihari.dashboard.auth.User;
import io.mihari.dashboard.auth.Users;
import io.mihari.dashboard.auth.factor.Enrolments;
import io.mihari.dashboard.auth.login.LoginThrottle;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * Administrators: which account names and addresses have failed logins counted (locked out, slowed down now, or
 * slowed down at their next failure), unlocking, and resetting a user's lost second factor.
 */
@Path("/api/admin/auth")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ADMIN)
public class AuthAdminResource {

    private static final Logger AUDIT = Logger.getLogger("io.mihari.audit");

    /**
     * An account name or address with failed logins still counted (not yet forgotten).
     *
     * @param key {@code account|<name>} or {@code address|<address>}
     * @param until attempts are refused until then (delay or lockout); null when the next attempt is let through
     */
    public record Lockout(String key, int failures, Instant lastFailureAt, Instant until, boolean locked) {
    }

    /** Which lockout to end. */
    public record Unlock(@NotBlank @Size(max = 200) @Pattern(regexp = "(account|address)\\|.+",
            message = "account|<name> or address|<address>") String key) {
    }

    private final LoginThrottle throttle;
    private final Enrolments enrolments;
    private final Users users;
    private final SecurityIdentity identity;
    private final java.time.Clock clock;

    AuthAdminResource(LoginThrottle throttle, Enrolments enrolments, Users users, SecurityIdentity identity,
            java.time.Clock clock) {
        this.throttle = throttle;
        this.enrolments = enrolments;
        this.users = users;
        this.identity = identity;
        this.clock = clock;
    }

    @GET
    @Path("/lockouts")
    public List<Lockout> lockouts() {
        Instant now = clock.instant();
        return throttle.current().stream().map(t -> new Lockout(t.key(), t.failures(), t.lastFailureAt(),
                t.refusedUntil(now), t.lockedAt(now))).toList();
    }

    @POST
    @Path("/unlock")
    public Response unlock(@Valid @NotNull(message = "a JSON body {key} is required") Unlock unlock) {
        if (!throttle.unlock(unlock.key())) {
            throw new NotFoundException("no failed logins counted for " + unlock.key());
        }
        AUDIT.warnf("lockout of %s ended by admin '%s'", unlock.key(), identity.getPrincipal().getName());
        return Response.noContent().build();
    }

    @POST
    @Path("/users/{userId}/reset-factor")
    public Response resetFactor(@PathParam("userId") String userId) {
        User user = users.find(userId).orElseThrow(() -> new NotFoundException("no user '" + userId + "'"));
        enrolments.reset(user, identity.getPrincipal().getName());
        return Response.noContent().build();
    }
}
