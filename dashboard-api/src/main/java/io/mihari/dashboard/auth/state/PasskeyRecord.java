package io.mihari.dashboard.auth.state;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A passkey (WebAuthn credential) as the login state keeps it, inside its user's document ({@code user|<userId>}), so
 * that every change to it — a new sign counter, a removal, an administrator's reset — is one conditional write of that
 * document. A state change returns a new instance.
 *
 * @param credentialId the credential's id (base64url), as the authenticator gives it
 * @param publicKey the credential's public key as a COSE_Key (CBOR, base64url): what verifies its assertions
 * @param aaguid the authenticator model's id (all zeros when the authenticator does not tell)
 * @param signCount the last signature counter accepted; a later assertion must show a higher one (unless both are 0:
 *        an authenticator without a counter, such as a synced passkey)
 * @param uvInitialized whether the authenticator verified the user (PIN, biometrics) when it was registered
 * @param backupEligible whether the credential can be synced to other devices (a multi-device passkey)
 * @param backupState whether it was synced when last seen
 * @param transports how the browser reaches the authenticator (usb, nfc, ble, internal, hybrid), as it said
 * @param name the user's own name for it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PasskeyRecord(String credentialId, String publicKey, String aaguid, long signCount,
        Boolean uvInitialized, Boolean backupEligible, Boolean backupState, List<String> transports, String name,
        Instant createdAt, Instant lastUsedAt) {

    public PasskeyRecord {
        if (credentialId == null || credentialId.isBlank() || publicKey == null || publicKey.isBlank()) {
            throw new IllegalArgumentException("a passkey needs its credential id and public key");
        }
        transports = transports == null ? List.of() : List.copyOf(transports);
    }

    /** The same passkey after an accepted assertion with {@code counter}. */
    public PasskeyRecord used(long counter, Boolean backedUp, Instant at) {
        return new PasskeyRecord(credentialId, publicKey, aaguid, counter, uvInitialized, backupEligible,
                backedUp == null ? backupState : backedUp, transports, name, createdAt, at);
    }
}
