package io.mihari.alert.command;

import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.ingest.DeadLetterReason;
import io.mihari.model.command.CommandSignature;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Only dashboard-api speaks for people: a record of {@code mihari.commands.v1} is believed only when it is a compact
 * JWS ({@link CommandSignature}) signed with ES256 by a key of {@code mihari.commands.verification-keys-file}, chosen
 * by its {@code kid}. Its payload — the command, actor included — is then exactly what dashboard-api signed. Anything
 * else (plain JSON, another algorithm, an unknown key, a changed byte) is refused with its reason and never applied.
 */
@ApplicationScoped
public class CommandVerifier {

    static final String SETTING = "mihari.commands.verification-keys-file";

    /** Why a record is not a command Mihari believes. */
    public static final class Refused extends Exception {
        private final DeadLetterReason reason;

        Refused(DeadLetterReason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public DeadLetterReason reason() {
            return reason;
        }
    }

    private final Map<String, EllipticCurveJsonWebKey> keys;

    @jakarta.inject.Inject
    CommandVerifier(AlertConfig config) {
        this(load(config.commands().verificationKeysFile()));
    }

    CommandVerifier(Map<String, EllipticCurveJsonWebKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /** Reads the trusted keys, stopping the service with a message naming the setting when they are not usable. */
    static Map<String, EllipticCurveJsonWebKey> load(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(SETTING + ": cannot read " + file + " (" + e.getMessage() + ")", e);
        }
        Map<String, EllipticCurveJsonWebKey> keys = new LinkedHashMap<>();
        try {
            for (JsonWebKey jwk : new JsonWebKeySet(json).getJsonWebKeys()) {
                if (!(jwk instanceof EllipticCurveJsonWebKey ec) || !EllipticCurves.P_256.equals(ec.getCurveName())) {
                    throw new IllegalStateException(SETTING + ": " + file + " holds a key that is not EC P-256 ("
                            + jwk.getKeyId() + ")");
                }
                if (ec.getKeyId() == null || ec.getKeyId().isBlank()) {
                    throw new IllegalStateException(SETTING + ": " + file + " holds a key without \"kid\"");
                }
                if (ec.getPrivateKey() != null) {
                    throw new IllegalStateException(SETTING + ": " + file + " holds the private part of key "
                            + ec.getKeyId() + ": alert-service needs only the public key (keep the private one with "
                            + "dashboard-api)");
                }
                keys.put(ec.getKeyId(), ec);
            }
        } catch (JoseException e) {
            throw new IllegalStateException(SETTING + ": " + file + " is not a JSON Web Key Set (" + e.getMessage()
                    + ")", e);
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException(SETTING + ": " + file + " holds no key: no command could be applied");
        }
        return keys;
    }

    /**
     * The command's JSON as dashboard-api signed it.
     *
     * @throws Refused UNSIGNED_COMMAND when the record is not a JWS of a command; BAD_SIGNATURE when it is signed
     *         otherwise than by a trusted key with ES256, or was changed after signing
     */
    public byte[] verify(byte[] value) throws Refused {
        if (value == null || value.length == 0) {
            throw new Refused(DeadLetterReason.UNSIGNED_COMMAND, "empty record");
        }
        String text = new String(value, StandardCharsets.US_ASCII);
        if (value[0] == '{' || text.chars().filter(c -> c == '.').count() != 2) {
            throw new Refused(DeadLetterReason.UNSIGNED_COMMAND, "not a signed command (a JWS made by dashboard-api "
                    + "is expected; plain commands are never applied)");
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
        try {
            jws.setCompactSerialization(text);
            String kid = jws.getKeyIdHeaderValue();
            EllipticCurveJsonWebKey key = kid == null ? null : keys.get(kid);
            if (key == null) {
                throw new Refused(DeadLetterReason.BAD_SIGNATURE, "signed with key "
                        + (kid == null ? "(no kid)" : io.mihari.model.event.Limits.quote(kid)) + ", which is not in "
                        + SETTING);
            }
            if (!CommandSignature.TYPE.equals(jws.getHeader("typ"))) {
                throw new Refused(DeadLetterReason.BAD_SIGNATURE, "typ is not " + CommandSignature.TYPE);
            }
            jws.setKey(key.getPublicKey());
            if (!jws.verifySignature()) {
                throw new Refused(DeadLetterReason.BAD_SIGNATURE, "the signature does not match the command (changed "
                        + "after signing, or signed with another key of the same id)");
            }
            return jws.getPayloadBytes();
        } catch (JoseException e) {
            throw new Refused(DeadLetterReason.BAD_SIGNATURE, "not a valid ES256 JWS: " + e.getMessage());
        }
    }
}
