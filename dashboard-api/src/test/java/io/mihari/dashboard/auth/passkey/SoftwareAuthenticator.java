package io.mihari.dashboard.auth.passkey;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * A passkey authenticator in software, for tests: an EC P-256 key and a credential id of its own, a signature counter
 * the test sets, and the browser's part (client data with the page's origin). It writes the bytes itself — the
 * authenticator data, the COSE key and the attestation object in CBOR, the ECDSA signature — without WebAuthn4J, so
 * what the server accepts is checked against an independent writer. Like Quarkus' {@code WebAuthnHardware}, but the
 * test chooses the origin, the relying party's id and the counter, and can clone it (same key, same id).
 */
public final class SoftwareAuthenticator {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;
    private final byte[] credentialId;
    private final String origin;
    private final String rpId;
    /** The counter the next signature carries. */
    private long counter;
    /** False for an authenticator that keeps no counter (every signature carries 0, as synced passkeys do). */
    private boolean counts = true;
    private byte[] userHandle;

    public SoftwareAuthenticator(String origin, String rpId) {
        this(newKeys(), random(32), origin, rpId, 0, null);
    }

    /** One whose credential id the test chooses (to name it in a URL). */
    public SoftwareAuthenticator(String origin, String rpId, byte[] credentialId) {
        this(newKeys(), credentialId.clone(), origin, rpId, 0, null);
    }

    private SoftwareAuthenticator(KeyPair keys, byte[] credentialId, String origin, String rpId, long counter,
            byte[] userHandle) {
        this.keys = keys;
        this.credentialId = credentialId;
        this.origin = origin;
        this.rpId = rpId;
        this.counter = counter;
        this.userHandle = userHandle;
    }

    /** The same key and credential (a clone, or the same device used elsewhere) on {@code origin} for {@code rpId}. */
    public SoftwareAuthenticator at(String otherOrigin, String otherRpId) {
        SoftwareAuthenticator other = new SoftwareAuthenticator(keys, credentialId, otherOrigin, otherRpId, counter,
                userHandle);
        other.counts = counts;
        return other;
    }

    /** A copy with the same key, credential and counter: a cloned authenticator. */
    public SoftwareAuthenticator copy() {
        return at(origin, rpId);
    }

    public String id() {
        return B64.encodeToString(credentialId);
    }

    /** The counter the next signature carries (each signature carries one more than the last). */
    public long counter() {
        return counter;
    }

    /** Sets the counter the next signature carries. */
    public SoftwareAuthenticator counter(long next) {
        this.counter = next;
        return this;
    }

    /** From now on every signature carries the counter 0: an authenticator that keeps none. */
    public SoftwareAuthenticator withoutCounter() {
        this.counts = false;
        this.counter = 0;
        return this;
    }

    /**
     * What {@code navigator.credentials.create()} answers to {@code options} (the server's creation options as JSON),
     * as {@code PublicKeyCredential.toJSON()}: a "none" attestation of a new credential.
     */
    public ObjectNode register(com.fasterxml.jackson.databind.JsonNode options) {
        userHandle = Base64.getUrlDecoder().decode(options.path("user").path("id").asText());
        return register(options.path("challenge").asText());
    }

    /** As {@link #register(com.fasterxml.jackson.databind.JsonNode)}, for a bare challenge. */
    public ObjectNode register(String challenge) {
        byte[] clientData = clientData("webauthn.create", challenge);
        byte[] authData = authenticatorData(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator cbor = new CBORFactory().createGenerator(out)) {
            cbor.writeStartObject();
            cbor.writeStringField("fmt", "none");
            cbor.writeFieldName("attStmt");
            cbor.writeStartObject();
            cbor.writeEndObject();
            cbor.writeBinaryField("authData", authData);
            cbor.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode response = JSON.createObjectNode().put("clientDataJSON", B64.encodeToString(clientData))
                .put("attestationObject", B64.encodeToString(out.toByteArray()));
        response.putArray("transports").add("internal");
        return credential(response);
    }

    /** What {@code navigator.credentials.get()} answers to {@code challenge}: a signed assertion (the counter moves). */
    public ObjectNode assertion(String challenge) {
        byte[] clientData = clientData("webauthn.get", challenge);
        byte[] authData = authenticatorData(false);
        ObjectNode response = JSON.createObjectNode().put("clientDataJSON", B64.encodeToString(clientData))
                .put("authenticatorData", B64.encodeToString(authData))
                .put("signature", B64.encodeToString(sign(authData, clientData)));
        if (userHandle != null) {
            response.put("userHandle", B64.encodeToString(userHandle));
        }
        return credential(response);
    }

    private ObjectNode credential(ObjectNode response) {
        ObjectNode credential = JSON.createObjectNode().put("id", id()).put("rawId", id()).put("type", "public-key");
        credential.set("response", response);
        credential.putObject("clientExtensionResults");
        credential.put("authenticatorAttachment", "platform");
        return credential;
    }

    private byte[] clientData(String type, String challenge) {
        ObjectNode data = JSON.createObjectNode().put("type", type).put("challenge", challenge).put("origin", origin)
                .put("crossOrigin", false);
        return data.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** rpIdHash (32) | flags | counter (4) | [AAGUID (16) | id length (2) | id | COSE_Key]. */
    private byte[] authenticatorData(boolean attested) {
        byte flags = (byte) (0x01 | 0x04 | (attested ? 0x40 : 0)); // user present, user verified, attested data
        ByteBuffer data = ByteBuffer.allocate(512).put(sha256(rpId.getBytes(StandardCharsets.UTF_8))).put(flags)
                .putInt((int) counter);
        if (counts) {
            counter++;
        }
        if (attested) {
            data.put(new byte[16]).putShort((short) credentialId.length).put(credentialId).put(coseKey());
        }
        return Arrays.copyOf(data.array(), data.position());
    }

    /** The public key as a COSE_Key: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}. */
    private byte[] coseKey() {
        ECPublicKey key = (ECPublicKey) keys.getPublic();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator cbor = new CBORFactory().createGenerator(out)) {
            cbor.writeStartObject();
            cbor.writeFieldId(1);
            cbor.writeNumber(2);
            cbor.writeFieldId(3);
            cbor.writeNumber(-7);
            cbor.writeFieldId(-1);
            cbor.writeNumber(1);
            cbor.writeFieldId(-2);
            cbor.writeBinary(coordinate(key.getW().getAffineX()));
            cbor.writeFieldId(-3);
            cbor.writeBinary(coordinate(key.getW().getAffineY()));
            cbor.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, fixed, 32 - n, n);
        return fixed;
    }

    private byte[] sign(byte[] authData, byte[] clientData) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(keys.getPrivate());
            ecdsa.update(authData);
            ecdsa.update(sha256(clientData));
            return ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
