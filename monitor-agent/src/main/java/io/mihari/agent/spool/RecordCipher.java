package io.mihari.agent.spool;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Encrypts and authenticates one spooled record with AES-256-GCM (the JDK's {@code AES/GCM/NoPadding}). The
 * stored record (the envelope) is:
 * <pre>
 *   byte      version, 1
 *   byte      n, bytes of the key id (1-64)
 *   byte[n]   key id (ASCII, {@link SpoolKeys#ID})
 *   byte[12]  nonce, fresh from a SecureRandom for every record
 *   byte[]    ciphertext followed by the 16-byte tag
 * </pre>
 * The additional authenticated data binds the record to its place: a fixed label, the version and key id as
 * stored, the record's seq and the global position of its frame. So a record that is altered, moved to another
 * position or seq (frames swapped, an old frame copied in again) or encrypted with another key under the same id
 * fails authentication. Safe for one thread at a time (the spool calls it under its lock).
 */
final class RecordCipher {

    /** Why a stored record cannot be delivered. */
    static final class UnreadableRecordException extends Exception {
        UnreadableRecordException(String reason) {
            super(reason);
        }
    }

    static final byte VERSION = 1;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final byte[] LABEL = "mihari-agent spool record".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<SpoolKeys> keys;
    private Cipher cipher;

    RecordCipher(Optional<SpoolKeys> keys) {
        this.keys = keys;
    }

    /** Bytes an envelope adds to a record encrypted under {@code keyId}. */
    static int overhead(String keyId) {
        return 2 + keyId.length() + NONCE_BYTES + TAG_BYTES;
    }

    /** The envelope of {@code plaintext}, encrypted with the current key for the frame at {@code position}. */
    byte[] seal(long seq, long position, byte[] plaintext) {
        SpoolKeys.Key key = keys.orElseThrow(() -> new IllegalStateException("encryption is off")).current();
        byte[] id = key.id().getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        ByteBuffer envelope = ByteBuffer.allocate(overhead(key.id()) + plaintext.length);
        envelope.put(VERSION).put((byte) id.length).put(id).put(nonce);
        try {
            Cipher c = cipher();
            c.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            c.updateAAD(aad(envelope.array(), 2 + id.length, seq, position));
            c.doFinal(ByteBuffer.wrap(plaintext), envelope);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
        return envelope.array();
    }

    /**
     * The plaintext of the envelope stored with {@code seq} in the frame at {@code position}.
     *
     * @throws UnreadableRecordException saying why it cannot be read: not an envelope, a key id that is not in the
     *                                   key file (or no key file), or failed authentication
     */
    byte[] open(long seq, long position, byte[] envelope) throws UnreadableRecordException {
        String id = keyId(envelope);
        if (id == null) {
            throw new UnreadableRecordException("it is no encrypted record this agent can read (version "
                    + (envelope.length > 0 ? envelope[0] : "missing") + ", " + envelope.length + " bytes)");
        }
        int header = 2 + id.length();
        if (envelope.length < header + NONCE_BYTES + TAG_BYTES) {
            throw new UnreadableRecordException("it is too short (" + envelope.length + " bytes) for an encrypted record");
        }
        if (keys.isEmpty()) {
            throw new UnreadableRecordException("it is encrypted with key id '" + id + "' but no key file is configured ("
                    + SpoolKeyFile.SETTING + ")");
        }
        SpoolKeys.Key key = keys.get().find(id).orElseThrow(() -> new UnreadableRecordException(
                "it is encrypted with key id '" + id + "', which is not in the key file (ids there: "
                        + String.join(", ", keys.get().ids()) + "); was it removed before its records were delivered?"));
        try {
            Cipher c = cipher();
            c.init(Cipher.DECRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BYTES * 8, envelope, header, NONCE_BYTES));
            c.updateAAD(aad(envelope, header, seq, position));
            return c.doFinal(envelope, header + NONCE_BYTES, envelope.length - header - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new UnreadableRecordException("it fails authentication under key id '" + id
                    + "': altered, moved from another position or seq, or encrypted with another key of that id");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
    }

    /** The key id of an envelope (or of its first bytes); null when they are no envelope of a known version. */
    static String keyId(byte[] envelope) {
        if (envelope.length < 2 || envelope[0] != VERSION) {
            return null;
        }
        int n = envelope[1];
        if (n < 1 || n > 64 || envelope.length < 2 + n) {
            return null;
        }
        String id = new String(envelope, 2, n, StandardCharsets.US_ASCII);
        return SpoolKeys.ID.matcher(id).matches() ? id : null;
    }

    /** Label, the envelope's version and key id as stored, seq, position. */
    private static byte[] aad(byte[] envelope, int header, long seq, long position) {
        return ByteBuffer.allocate(LABEL.length + header + 2 * Long.BYTES)
                .put(LABEL).put(envelope, 0, header).putLong(seq).putLong(position).array();
    }

    private Cipher cipher() throws GeneralSecurityException {
        if (cipher == null) {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        }
        return cipher;
    }
}
