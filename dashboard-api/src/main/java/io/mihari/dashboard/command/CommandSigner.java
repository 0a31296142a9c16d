package io.mihari.dashboard.command;

import io.mihari.dashboard.config.DashboardConfig;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandCodec;
import io.mihari.model.command.CommandSignature;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Signs every command dashboard-api publishes ({@link CommandSignature}: a compact JWS, ES256, with the key's
 * {@code kid}), so alert-service can tell that dashboard-api — which authenticated the person and checked their
 * permission — speaks for them, and that nothing (the actor, the figures) was changed on the way.
 */
@ApplicationScoped
public class CommandSigner {

    static final String SETTING = "mihari.commands.signing-key-file";

    private final EllipticCurveJsonWebKey key;

    @jakarta.inject.Inject
    CommandSigner(DashboardConfig config) {
        this(load(config.commands().signingKeyFile()));
    }

    CommandSigner(EllipticCurveJsonWebKey key) {
        this.key = key;
    }

    /** Reads the private key, stopping the service with a message naming the setting when it is not usable. */
    static EllipticCurveJsonWebKey load(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(SETTING + ": cannot read " + file + " (" + e.getMessage() + ")", e);
        }
        try {
            JsonWebKey jwk = JsonWebKey.Factory.newJwk(json);
            if (!(jwk instanceof EllipticCurveJsonWebKey ec) || ec.getPrivateKey() == null
                    || !EllipticCurves.P_256.equals(ec.getCurveName())) {
                throw new IllegalStateException(SETTING + ": " + file + " is not a private EC P-256 JSON Web Key");
            }
            if (ec.getKeyId() == null || ec.getKeyId().isBlank()) {
                throw new IllegalStateException(SETTING + ": " + file + " has no \"kid\" (alert-service chooses the "
                        + "key to verify with by it)");
            }
            return ec;
        } catch (JoseException e) {
            throw new IllegalStateException(SETTING + ": " + file + " is not a JSON Web Key (" + e.getMessage() + ")",
                    e);
        }
    }

    /** The record value for this command: the compact JWS of its JSON. */
    public byte[] sign(Command command) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayloadBytes(CommandCodec.encode(command));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", CommandSignature.TYPE);
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setKey(key.getPrivateKey());
        try {
            return jws.getCompactSerialization().getBytes(StandardCharsets.US_ASCII);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign command " + command.commandId(), e);
        }
    }

    /** The id of the signing key (for the audit log and docs). */
    public String keyId() {
        return key.getKeyId();
    }
}
