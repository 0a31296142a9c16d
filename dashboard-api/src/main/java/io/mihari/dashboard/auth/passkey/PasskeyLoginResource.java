package io.mihari.dashboard.auth.passkey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mihari.dashboard.auth.LoginAnswers;
import io.mihari.dashboard.auth.login.Logins;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Logging in with the password and a passkey (instead of a one-time code), in one request after a challenge: every
 * refusal — unknown user, wrong password, a passkey of someone else, a replayed or altered assertion, another origin —
 * is the same 401 as {@code POST /api/auth/login}'s, counted and throttled the same way.
 */
@Path("/api/auth/passkey/login")
@Produces(MediaType.APPLICATION_JSON)
public class PasskeyLoginResource {

    /**
     * The login form with a passkey.
     *
     * @param credential what {@code navigator.credentials.get()} gave, as {@code PublicKeyCredential.toJSON()}
     */
    public record PasskeyLogin(@NotBlank @Size(max = 100) String username, @NotBlank @Size(max = 200) String password,
            @NotNull(message = "the passkey's answer is required") ObjectNode credential) {
    }

    private final Passkeys passkeys;
    private final Logins logins;
    private final LoginAnswers answers;

    PasskeyLoginResource(Passkeys passkeys, Logins logins, LoginAnswers answers) {
        this.passkeys = passkeys;
        this.logins = logins;
        this.answers = answers;
    }

    /** A challenge for {@code navigator.credentials.get()}, for anyone: it names no user and lists no passkey. */
    @POST
    @Path("/challenge")
    public PasskeyOptions.Request challenge() {
        return passkeys.requestOptions();
    }

    @POST
    @APIResponse(responseCode = "200", description = "logged in")
    @APIResponse(responseCode = "401", description = LoginAnswers.REFUSED)
    @APIResponse(responseCode = "429", description = "too many failed logins for this account name or address")
    @APIResponse(responseCode = "503", description = "the login state (OpenSearch) cannot be reached")
    public Response login(@Valid @NotNull(message = "a JSON body {username, password, credential} is required")
            PasskeyLogin login, @Context HttpServerRequest request) {
        return answers.of(logins.loginWithPasskey(login.username(), login.password(),
                PasskeyResource.json(login.credential()), LoginAnswers.from(request)));
    }
}
