package io.mihari.agent.spool;

import java.util.Optional;

/**
 * Whether and how a spool encrypts its records at rest (AES-256-GCM, see {@link RecordCipher}).
 *
 * @param keys               the keys; empty: records are stored as they are (encryption off), and encrypted
 *                           records found in the folder cannot be read
 * @param deliverUnencrypted whether records stored unencrypted (e.g. before encryption was turned on) are still
 *                           delivered while encryption is on; when false they are refused and counted like records
 *                           that fail authentication
 */
public record SpoolEncryption(Optional<SpoolKeys> keys, boolean deliverUnencrypted) {

    /** No encryption. */
    public static final SpoolEncryption OFF = new SpoolEncryption(Optional.empty(), true);

    public SpoolEncryption {
        if (keys == null) {
            throw new IllegalArgumentException("keys must not be null");
        }
        if (keys.isEmpty() && !deliverUnencrypted) {
            throw new IllegalArgumentException("refusing unencrypted records needs keys to encrypt with");
        }
    }

    /** Encrypting new records with the current one of {@code keys}; unencrypted records are still delivered. */
    public static SpoolEncryption with(SpoolKeys keys) {
        return new SpoolEncryption(Optional.of(keys), true);
    }

    /** This encryption refusing (or delivering) records stored unencrypted. */
    public SpoolEncryption deliveringUnencrypted(boolean deliver) {
        return new SpoolEncryption(keys, deliver);
    }

    /** Whether new records are encrypted. */
    public boolean on() {
        return keys.isPresent();
    }

    /** The id of the key new records are encrypted with, if encryption is on. */
    public Optional<String> currentKeyId() {
        return keys.map(k -> k.current().id());
    }

    @Override
    public String toString() {
        return keys.map(k -> "SpoolEncryption[AES-256-GCM, " + k + (deliverUnencrypted ? "" : ", refusing unencrypted")
                + "]").orElse("SpoolEncryption[off]");
    }
}
