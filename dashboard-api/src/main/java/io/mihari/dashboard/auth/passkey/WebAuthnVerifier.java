package io.mihari.dashboard.auth.passkey;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.util.exception.WebAuthnException;
import io.mihari.dashboard.auth.state.PasskeyRecord;
import io.mihari.dashboard.config.DashboardConfig;
import io.mihari.dashboard.config.DashboardConfig.Passkeys.UserVerification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The WebAuthn checks, done by WebAuthn4J: a registration (attestation) is for this relying party's id, made on one of
 * its origins, for the challenge given, with user presence and an accepted algorithm; an assertion is all that and
 * signed by the stored public key, with a signature counter higher than the stored one. Attestation statements are
 * not checked against vendors' roots (Mihari asks for none): a passkey proves that the same authenticator answers
 * again, not which model it is.
 */
@ApplicationScoped
public class WebAuthnVerifier {

    /** ES256, EdDSA and RS256: what platform authenticators and security keys make. */
    static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** An accepted assertion: the counter and backup state to store. */
    public record Asserted(long signCount, boolean backedUp) {
    }

    private final ObjectConverter converter = new ObjectConverter();
    private final WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager(converter);
    private final AttestedCredentialDataConverter credentials = new AttestedCredentialDataConverter(converter);
    private final String rpId;
    private final String rpName;
    private final Set<Origin> origins;
    private final UserVerification userVerification;
    /** Verified against when a login names a credential the user does not have, so that it costs the same work. */
    private final CredentialRecord dummy;

    @Inject
    WebAuthnVerifier(DashboardConfig config) {
        this(config.auth().passkeys().rpId(), config.auth().passkeys().rpName(), config.auth().passkeys().origins(),
                config.auth().passkeys().userVerification());
    }

    public WebAuthnVerifier(String rpId, String rpName, List<String> origins, UserVerification userVerification) {
        this.rpId = rpId;
        this.rpName = rpName;
        this.origins = origins.stream().map(String::strip).map(Origin::new).collect(Collectors.toUnmodifiableSet());
        this.userVerification = userVerification;
        this.dummy = record(dummyCredential(), 0, null, null, null);
    }

    public String rpId() {
        return rpId;
    }

    public String rpName() {
        return rpName;
    }

    public UserVerification userVerification() {
        return userVerification;
    }

    /** The opaque user handle of {@code userId}: the same for every passkey of the user, no secret of anyone's. */
    public static byte[] userHandle(String userId) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("mihari passkey user|" + userId).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A registration response ({@code PublicKeyCredential.toJSON()} of {@code navigator.credentials.create()}). */
    public RegistrationData parseRegistration(String json) {
        try {
            return manager.parseRegistrationResponseJSON(json);
        } catch (RuntimeException e) {
            throw new PasskeyRefused("unreadable registration", e);
        }
    }

    /** An assertion ({@code PublicKeyCredential.toJSON()} of {@code navigator.credentials.get()}). */
    public AuthenticationData parseAssertion(String json) {
        try {
            AuthenticationData data = manager.parseAuthenticationResponseJSON(json);
            if (data.getCredentialId() == null || data.getCollectedClientData() == null) {
                throw new PasskeyRefused("incomplete assertion");
            }
            return data;
        } catch (RuntimeException e) {
            throw e instanceof PasskeyRefused r ? r : new PasskeyRefused("unreadable assertion", e);
        }
    }

    /** The challenge a response answers, as the browser wrote it into the client data. */
    public static byte[] challengeOf(RegistrationData data) {
        return data.getCollectedClientData() == null || data.getCollectedClientData().getChallenge() == null ? null
                : data.getCollectedClientData().getChallenge().getValue();
    }

    public static byte[] challengeOf(AuthenticationData data) {
        return data.getCollectedClientData().getChallenge() == null ? null
                : data.getCollectedClientData().getChallenge().getValue();
    }

    /** Verifies a registration answering {@code challenge}: the new passkey, named {@code name}. */
    public PasskeyRecord verifyRegistration(RegistrationData data, byte[] challenge, String name, Instant now) {
        try {
            manager.verify(data, new RegistrationParameters(server(challenge), ALGORITHMS,
                    userVerification == UserVerification.REQUIRED, true));
        } catch (WebAuthnException e) {
            throw new PasskeyRefused(e.getClass().getSimpleName(), e);
        }
        var authenticator = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData credential = authenticator.getAttestedCredentialData();
        byte[] id = credential.getCredentialId();
        byte[] encoded = credentials.convert(credential); // AAGUID (16) | id length (2) | id | COSE_Key
        byte[] publicKey = Arrays.copyOfRange(encoded, 18 + id.length, encoded.length);
        List<String> transports = data.getTransports() == null ? List.of()
                : data.getTransports().stream().map(AuthenticatorTransport::getValue).sorted().toList();
        return new PasskeyRecord(B64.encodeToString(id), B64.encodeToString(publicKey),
                credential.getAaguid().toString(), authenticator.getSignCount(), authenticator.isFlagUV(),
                authenticator.isFlagBE(), authenticator.isFlagBS(), transports, name, now, null);
    }

    /**
     * Verifies an assertion answering {@code challenge} against the stored passkey ({@code null}: a dummy, and it is
     * refused after the same work), by the user whose handle is {@code userHandle}.
     */
    public Asserted verifyAssertion(AuthenticationData data, byte[] challenge, PasskeyRecord stored,
            byte[] userHandle) {
        if (stored == null) {
            try {
                manager.verify(data, new AuthenticationParameters(server(challenge), dummy, null, false, true));
            } catch (WebAuthnException e) {
                // expected: the dummy key signed nothing; it ran for the same work as a real verification
            }
            throw new PasskeyRefused("not a passkey of this user");
        }
        try {
            manager.verify(data, new AuthenticationParameters(server(challenge), record(stored),
                    List.of(B64D.decode(stored.credentialId())), userVerification == UserVerification.REQUIRED,
                    true));
        } catch (WebAuthnException e) {
            throw new PasskeyRefused(e.getClass().getSimpleName(), e);
        }
        if (data.getUserHandle() != null && !MessageDigest.isEqual(data.getUserHandle(), userHandle)) {
            throw new PasskeyRefused("the passkey was made for another user");
        }
        long counter = data.getAuthenticatorData().getSignCount();
        if (!counterIncreases(stored.signCount(), counter)) {
            throw new PasskeyRefused("signature counter " + counter + " is not above " + stored.signCount()
                    + ": a replay or a cloned authenticator");
        }
        return new Asserted(counter, data.getAuthenticatorData().isFlagBS());
    }

    /** WebAuthn's rule: a counter must grow, unless the authenticator keeps none (both 0). */
    public static boolean counterIncreases(long stored, long presented) {
        return stored == 0 && presented == 0 || presented > stored;
    }

    private ServerProperty server(byte[] challenge) {
        return new ServerProperty(origins, rpId, new DefaultChallenge(challenge));
    }

    private CredentialRecord record(PasskeyRecord stored) {
        byte[] id = B64D.decode(stored.credentialId());
        byte[] key = B64D.decode(stored.publicKey());
        byte[] aaguid = new AAGUID(stored.aaguid()).getBytes();
        byte[] encoded = ByteBuffer.allocate(18 + id.length + key.length).put(aaguid).putShort((short) id.length)
                .put(id).put(key).array();
        return record(credentials.convert(encoded), stored.signCount(), stored.uvInitialized(),
                stored.backupEligible(), stored.backupState());
    }

    private static CredentialRecord record(AttestedCredentialData credential, long counter, Boolean uv, Boolean be,
            Boolean bs) {
        return new CredentialRecordImpl(null, uv, be, bs, counter, credential, null, null, null, null);
    }

    private static AttestedCredentialData dummyCredential() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            byte[] id = new byte[32];
            new SecureRandom().nextBytes(id);
            return new AttestedCredentialData(AAGUID.ZERO, id,
                    EC2COSEKey.create((ECPublicKey) generator.generateKeyPair().getPublic(), COSEAlgorithmIdentifier.ES256));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    /** The registration options' algorithms, as COSE numbers. */
    static List<Long> algorithms() {
        return ALGORITHMS.stream().map(p -> p.getAlg().getValue()).toList();
    }
}
