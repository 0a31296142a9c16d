package io.mihari.dashboard.auth.passkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mihari.dashboard.auth.AuthResource;
import io.mihari.dashboard.auth.Sessions;
import io.mihari.dashboard.auth.TokenMechanism;
import io.mihari.dashboard.auth.Tokens;
import io.mihari.dashboard.auth.User;
import io.mihari.dashboard.auth.Users;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Clock;
import java.util.List;

/**
 * One's own passkeys: register one (a challenge, then the browser's answer), list them, remove one. A user who must
 * enrol a second factor (the token {@code POST /api/auth/login} gives without one) may register a passkey as that
 * factor: the answer then carries the recovery codes, once, and the session that begins.
 */
@Path("/api/auth/passkeys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({User.ADMIN, User.OPERATOR, User.VENDOR})
public class PasskeyResource {

    /** The largest browser answer accepted (real ones are one or two kilobytes). */
    static final int MAX_CREDENTIAL = 16 * 1024;

    /**
     * A new passkey.
     *
     * @param name what the user calls it ("YubiKey", "this laptop")
     * @param credential what {@code navigator.credentials.create()} gave, as {@code PublicKeyCredential.toJSON()}
     */
    public record Registration(@NotBlank @Size(max = 60) String name,
            @NotNull(message = "the passkey's answer is required") ObjectNode credential) {
    }

    /** A registered passkey; while enrolling also the recovery codes (shown once) and the session that begins. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Registered(Passkeys.View passkey, List<String> recoveryCodes, AuthResource.Session session) {
    }

    private final Passkeys passkeys;
    private final Users users;
    private final Tokens tokens;
    private final Sessions sessions;
    private final SecurityIdentity identity;
    private final CatalogHolder catalog;
    private final Clock clock;

    PasskeyResource(Passkeys passkeys, Users users, Tokens tokens, Sessions sessions, SecurityIdentity identity,
            CatalogHolder catalog, Clock clock) {
        this.passkeys = passkeys;
        this.users = users;
        this.tokens = tokens;
        this.sessions = sessions;
        this.identity = identity;
        this.catalog = catalog;
        this.clock = clock;
    }

    @GET
    public List<Passkeys.View> list() {
        return passkeys.list(user().id());
    }

    /** The options for {@code navigator.credentials.create()}: a fresh challenge of this user. */
    @POST
    @Path("/registration/challenge")
    @RolesAllowed({User.ADMIN, User.OPERATOR, User.VENDOR, TokenMechanism.ENROLLING})
    @APIResponse(responseCode = "403", description = "this user logs in with the password alone")
    @APIResponse(responseCode = "409", description = "as many passkeys as allowed, or (enrolling) a factor already")
    public PasskeyOptions.Creation challenge() {
        return passkeys.creationOptions(user(), enrolling());
    }

    @POST
    @Path("/registration")
    @RolesAllowed({User.ADMIN, User.OPERATOR, User.VENDOR, TokenMechanism.ENROLLING})
    @APIResponse(responseCode = "200", description = "registered (and, enrolling, the recovery codes and a session)")
    @APIResponse(responseCode = "400", description = "the answer does not hold: the detail says why")
    @APIResponse(responseCode = "409", description = "registered already, too many, or (enrolling) a factor already")
    public Registered register(@Valid @NotNull(message = "a JSON body {name, credential} is required")
            Registration registration) {
        User user = user();
        boolean enrolling = enrolling();
        Passkeys.Registered done = passkeys.register(user, registration.name(), json(registration.credential()),
                enrolling);
        if (!enrolling) {
            return new Registered(done.passkey(), null, null);
        }
        sessions.revoke(identity.getAttribute(TokenMechanism.CLAIMS));
        return new Registered(done.passkey(), done.recoveryCodes(),
                AuthResource.session(tokens.issue(user, clock.instant()), user, false, null, catalog.get()));
    }

    /** Removes one of one's own passkeys (409 when it is the only second factor left). */
    @DELETE
    @Path("/{credentialId}")
    @APIResponse(responseCode = "204", description = "removed")
    @APIResponse(responseCode = "404", description = "no such passkey of yours")
    @APIResponse(responseCode = "409", description = "it is your only second factor")
    public Response remove(@PathParam("credentialId") String credentialId) {
        passkeys.remove(user(), credentialId);
        return Response.noContent().build();
    }

    private User user() {
        return users.find(identity.getPrincipal().getName()).orElseThrow(io.quarkus.security.UnauthorizedException::new);
    }

    private boolean enrolling() {
        return identity.hasRole(TokenMechanism.ENROLLING);
    }

    /** The browser's answer as WebAuthn4J reads it; bounded. */
    static String json(ObjectNode credential) {
        String json = credential.toString();
        if (json.length() > MAX_CREDENTIAL) {
            throw new BadRequestException("credential: larger than " + MAX_CREDENTIAL + " characters");
        }
        return json;
    }
}
