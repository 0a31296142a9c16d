package io.mihari.testsupport;

import io.mihari.model.command.Command;
import io.mihari.model.command.CommandCodec;
import io.mihari.model.command.CommandSignature;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The command-signing keys of a test JVM, made once: dashboard-api signs with the private one
 * ({@code mihari.commands.signing-key-file}), alert-service trusts the public one
 * ({@code mihari.commands.verification-keys-file}); tests that publish commands straight to Kafka sign them as
 * dashboard-api would ({@link #record}), or deliberately do not.
 */
public final class TestCommands {

    private static EllipticCurveJsonWebKey key;
    private static Path dir;

    private TestCommands() {
    }

    /**
     * The settings that give a service its test key: dashboard-api the private one it signs with, alert-service the
     * public set it verifies with (each service refuses settings it does not know, so each gets only its own).
     *
     * @param module {@code dashboard-api} or {@code alert-service}; any other: none
     */
    public static synchronized Map<String, String> configFor(String module) {
        ensureKeys();
        Map<String, String> config = new LinkedHashMap<>();
        if ("dashboard-api".equals(module)) {
            config.put("mihari.commands.signing-key-file", dir.resolve("command-signing-key.jwk.json").toString());
        } else if ("alert-service".equals(module)) {
            config.put("mihari.commands.verification-keys-file",
                    dir.resolve("command-verification-keys.jwks.json").toString());
        }
        return config;
    }

    /** The module whose Quarkus application runs in this test JVM, from the classes it can load. */
    static String moduleOnClasspath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String[] probe : new String[][] {{"io.mihari.alert.config.AlertConfig", "alert-service"},
                {"io.mihari.dashboard.config.DashboardConfig", "dashboard-api"}}) {
            try {
                Class.forName(probe[0], false, loader);
                return probe[1];
            } catch (ClassNotFoundException e) {
                // not this one
            }
        }
        return "";
    }

    /** The record dashboard-api would publish for this command: keyed by service, signed with the test key. */
    public static ProducerRecord<String, byte[]> record(Command command) {
        return new ProducerRecord<>(Topics.COMMANDS, command.serviceId(),
                sign(CommandCodec.encode(command)).getBytes(StandardCharsets.US_ASCII));
    }

    /** A compact JWS of {@code payload}, signed with the test key (or with {@code other}, to forge). */
    public static String sign(byte[] payload) {
        return sign(payload, ensureKeys());
    }

    public static String sign(byte[] payload, EllipticCurveJsonWebKey with) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayloadBytes(payload);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", CommandSignature.TYPE);
        jws.setKeyIdHeaderValue(with.getKeyId());
        jws.setKey(with.getPrivateKey());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a test command", e);
        }
    }

    /**
     * The command in a record of the commands topic, if it is signed with the test key (as dashboard-api signs), else
     * an exception saying why.
     */
    public static Command verify(byte[] value) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(new org.jose4j.jwa.AlgorithmConstraints(
                org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
        try {
            jws.setCompactSerialization(new String(value, StandardCharsets.US_ASCII));
            if (!keyId().equals(jws.getKeyIdHeaderValue()) || !CommandSignature.TYPE.equals(jws.getHeader("typ"))) {
                throw new IllegalArgumentException("not signed with the test key: kid " + jws.getKeyIdHeaderValue());
            }
            jws.setKey(ensureKeys().getPublicKey());
            if (!jws.verifySignature()) {
                throw new IllegalArgumentException("the signature does not match");
            }
            return CommandCodec.decode(jws.getPayloadBytes());
        } catch (JoseException e) {
            throw new IllegalArgumentException("not a JWS: " + e.getMessage(), e);
        }
    }

    /** A fresh key nobody trusts (with the trusted key's id, if {@code kid} says so). */
    public static EllipticCurveJsonWebKey otherKey(String kid) {
        try {
            EllipticCurveJsonWebKey other = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            other.setKeyId(kid);
            return other;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The trusted test key's id. */
    public static String keyId() {
        return ensureKeys().getKeyId();
    }

    private static synchronized EllipticCurveJsonWebKey ensureKeys() {
        if (key == null) {
            try {
                EllipticCurveJsonWebKey made = EcJwkGenerator.generateJwk(EllipticCurves.P256);
                made.setKeyId("test-" + UUID.randomUUID().toString().substring(0, 8));
                made.setUse("sig");
                Path d = Files.createTempDirectory("mihari-test-keys-");
                Files.writeString(d.resolve("command-signing-key.jwk.json"),
                        made.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
                Files.writeString(d.resolve("command-verification-keys.jwks.json"),
                        "{\"keys\":[" + made.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}");
                d.toFile().deleteOnExit();
                key = made;
                dir = d;
            } catch (JoseException e) {
                throw new IllegalStateException("cannot make the test command keys", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the test command keys", e);
            }
        }
        return key;
    }
}
