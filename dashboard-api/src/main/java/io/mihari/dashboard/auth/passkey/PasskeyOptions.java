package io.mihari.dashboard.auth.passkey;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What the page hands to {@code navigator.credentials.create()} and {@code .get()}, in WebAuthn's JSON form
 * ({@code PublicKeyCredentialCreationOptionsJSON}, {@code PublicKeyCredentialRequestOptionsJSON}): binary values are
 * base64url strings, which the page turns into bytes.
 */
public final class PasskeyOptions {

    private PasskeyOptions() {
    }

    /** The options of a registration (a new passkey for the logged-in user). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Creation(RelyingParty rp, UserEntity user, String challenge, List<Algorithm> pubKeyCredParams,
            long timeout, List<Descriptor> excludeCredentials, Selection authenticatorSelection, String attestation) {
    }

    /** The options of a login: no credentials are listed, so nothing tells whether a user name has passkeys. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(String challenge, long timeout, String rpId, List<Descriptor> allowCredentials,
            String userVerification) {
    }

    /** The relying party: Mihari as the browser names it. */
    public record RelyingParty(String id, String name) {
    }

    /** The user as the authenticator stores it: an opaque handle (base64url), the login and the display name. */
    public record UserEntity(String id, String name, String displayName) {
    }

    /** A public-key algorithm the server accepts (COSE number: -7 ES256, -8 EdDSA, -257 RS256). */
    public record Algorithm(String type, long alg) {
    }

    /** A credential by its id (base64url): those already registered, so the same authenticator is not added twice. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Descriptor(String type, String id, List<String> transports) {
    }

    /** What kind of authenticator: one that keeps the credential (a passkey), user verification as configured. */
    public record Selection(String residentKey, boolean requireResidentKey, String userVerification) {
    }
}
