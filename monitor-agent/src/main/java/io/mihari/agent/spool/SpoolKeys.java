package io.mihari.agent.spool;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The AES-256 keys a spool's records are encrypted with, each under an id: the first is the current one, which
 * encrypts every new record; the others only decrypt records written before a rotation, until those are delivered.
 * Read from a key file by {@link SpoolKeyFile}. Never prints key material.
 */
public final class SpoolKeys {

    /** Bytes of an AES-256 key. */
    public static final int KEY_BYTES = 32;

    /** What a key id may look like: it is stored in every record, in the clear. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** One key and its id. */
    public static final class Key {
        private final String id;
        private final SecretKey secret;

        /** @throws IllegalArgumentException when the id does not match {@link #ID} or the key is not 32 bytes */
        public Key(String id, byte[] material) {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("key id '" + id + "' is not 1 to 64 of A-Z a-z 0-9 . _ -");
            }
            if (material == null || material.length != KEY_BYTES) {
                throw new IllegalArgumentException("key '" + id + "' has " + (material == null ? 0 : material.length)
                        + " bytes; AES-256 needs exactly " + KEY_BYTES);
            }
            this.id = id;
            this.secret = new SecretKeySpec(material, "AES");
        }

        public String id() {
            return id;
        }

        SecretKey secret() {
            return secret;
        }

        /** The key's bytes, for writing the key file. */
        byte[] material() {
            return secret.getEncoded();
        }

        @Override
        public String toString() {
            return "Key[" + id + "]";
        }
    }

    private final List<Key> keys;

    private SpoolKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * The keys, current first.
     *
     * @throws IllegalArgumentException when there is none or two share an id
     */
    public static SpoolKeys of(List<Key> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("there is no key");
        }
        Set<String> ids = new HashSet<>();
        for (Key key : keys) {
            if (!ids.add(key.id())) {
                throw new IllegalArgumentException("key id '" + key.id() + "' is there twice");
            }
        }
        return new SpoolKeys(keys);
    }

    /** The key new records are encrypted with. */
    public Key current() {
        return keys.get(0);
    }

    /** The key with {@code id}, if there is one. */
    public Optional<Key> find(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** Every key, current first. */
    public List<Key> all() {
        return keys;
    }

    /** The ids, current first. */
    public List<String> ids() {
        return keys.stream().map(Key::id).toList();
    }

    /** These keys with {@code key} as the new current one. */
    public SpoolKeys withCurrent(Key key) {
        List<Key> next = new ArrayList<>(keys.size() + 1);
        next.add(key);
        next.addAll(keys);
        return of(next);
    }

    /** These keys without the one with {@code id}. */
    public SpoolKeys without(String id) {
        return of(keys.stream().filter(k -> !k.id().equals(id)).toList());
    }

    /** Whether both hold the same ids in the same order with the same key bytes. */
    boolean sameAs(SpoolKeys other) {
        if (other.keys.size() != keys.size()) {
            return false;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.get(i).id().equals(other.keys.get(i).id())
                    || !Arrays.equals(keys.get(i).material(), other.keys.get(i).material())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "SpoolKeys[current " + current().id() + ", ids " + ids() + "]";
    }
}
