package io.mihari.agent.spool;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * The spool's key file: a JSON Web Key Set (RFC 7517) of symmetric keys, the first being the current one:
 * <pre>
 * {"description": "…",
 *  "keys": [{"kty": "oct", "kid": "spool-20261206-3fa9c1", "alg": "A256GCM", "use": "enc", "k": "&lt;base64url, 32 bytes&gt;"},
 *           {"kty": "oct", "kid": "spool-20260601-0b71de", …}]}
 * </pre>
 * Loading refuses a file that is missing, open to its group or others (POSIX), malformed, or holds a key that is not
 * 32 bytes, with a message naming the file and {@link #SETTING}. Files this class writes are created readable and
 * writable by their owner only ({@code rw-------} on POSIX; on Windows an ACL granting the owner alone, where the
 * file system has ACLs), and are replaced atomically, keeping the owner and ACL of the file they replace.
 */
public final class SpoolKeyFile {

    /** The setting that names the key file. */
    public static final String SETTING = "mihari.agent.spool.encryption.key-file";

    /** What a written file's protection is, for the operator. */
    public record Written(SpoolKeys keys, String protection) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String DESCRIPTION = "Mihari agent spool keys (AES-256-GCM). The first key encrypts new"
            + " records; the others only decrypt records written before a rotation. Keep this file readable by the"
            + " agent's user only, away from the spool's folder and its backups.";

    private SpoolKeyFile() {
    }

    /**
     * The keys in {@code file}.
     *
     * @throws IllegalArgumentException naming the file and {@link #SETTING}: missing, not private, unreadable,
     *                                  malformed, a key of the wrong length
     */
    public static SpoolKeys load(Path file) {
        if (!Files.exists(file)) {
            throw problem(file, "does not exist; make one with: mihari-agent spool-key generate --out " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw problem(file, "is not a file");
        }
        checkPrivate(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw problem(file, "cannot be read by this user (" + System.getProperty("user.name")
                    + "); it must belong to the user the agent runs as");
        } catch (IOException e) {
            throw problem(file, "cannot be read: " + e);
        }
        try {
            return parse(bytes);
        } catch (IllegalArgumentException e) {
            throw problem(file, "is not a usable key file: " + e.getMessage());
        }
    }

    /**
     * Refuses a file its group or others may read or write (POSIX only; other file systems are not checked: see
     * docs/security.md for Windows).
     */
    static void checkPrivate(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = view.readAttributes().permissions();
        } catch (IOException e) {
            throw problem(file, "cannot be checked: " + e);
        }
        if (!OWNER_ONLY.containsAll(permissions.stream()
                .filter(p -> p != PosixFilePermission.OWNER_EXECUTE).toList())) {
            throw problem(file, "may be read or written by its group or others (" + PosixFilePermissions.toString(permissions)
                    + "); the agent accepts a key file only its own user can read: chmod 600 " + file);
        }
    }

    /** A new key file at {@code file} holding one new random key with {@code id}; refuses to replace a file. */
    public static Written generate(Path file, String id) throws IOException {
        SpoolKeys keys = SpoolKeys.of(List.of(newKey(id)));
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "exists already; add a key to it with:"
                    + " mihari-agent spool-key rotate --file " + file);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String protection = create(file, serialize(keys));
        Durable.syncDirectory(file.toAbsolutePath().getParent());
        return new Written(keys, protection);
    }

    /** Adds a new random key with {@code id} to {@code file} as the current one; the others stay for decryption. */
    public static Written rotate(Path file, String id) throws IOException {
        SpoolKeys keys = load(file);
        if (keys.find(id).isPresent()) {
            throw problem(file, "holds a key with id '" + id + "' already");
        }
        SpoolKeys next = keys.withCurrent(newKey(id));
        return new Written(next, replace(file, serialize(next)));
    }

    /** Removes the key with {@code id} from {@code file}; never the current one. */
    public static Written remove(Path file, String id) throws IOException {
        SpoolKeys keys = load(file);
        if (keys.find(id).isEmpty()) {
            throw problem(file, "holds no key with id '" + id + "' (ids there: " + String.join(", ", keys.ids()) + ")");
        }
        if (keys.current().id().equals(id)) {
            throw problem(file, "has '" + id + "' as its current key, which encrypts new records; rotate to a new"
                    + " key first");
        }
        SpoolKeys next = keys.without(id);
        return new Written(next, replace(file, serialize(next)));
    }

    /** A new key id: {@code spool-<yyyyMMdd>-<6 random hex digits>}. */
    public static String newId(Clock clock) {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        return "spool-" + DAY.format(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)) + "-"
                + HexFormat.of().formatHex(random);
    }

    static SpoolKeys parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // never the exception's own message: it may quote the file's content
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (root == null || !root.isObject() || !root.path("keys").isArray()) {
            throw new IllegalArgumentException("no \"keys\" array (a JSON Web Key Set is {\"keys\": [ … ]})");
        }
        List<SpoolKeys.Key> keys = new ArrayList<>();
        int i = 0;
        for (Iterator<JsonNode> it = root.get("keys").elements(); it.hasNext(); i++) {
            keys.add(key(it.next(), "keys[" + i + "]"));
        }
        return SpoolKeys.of(keys);
    }

    private static SpoolKeys.Key key(JsonNode jwk, String where) {
        if (!jwk.isObject()) {
            throw new IllegalArgumentException(where + " is not an object");
        }
        if (!"oct".equals(jwk.path("kty").asText(null))) {
            throw new IllegalArgumentException(where + ".kty must be \"oct\" (a symmetric key)");
        }
        if (jwk.has("alg") && !"A256GCM".equals(jwk.get("alg").asText(null))) {
            throw new IllegalArgumentException(where + ".alg must be \"A256GCM\" when given");
        }
        if (jwk.has("use") && !"enc".equals(jwk.get("use").asText(null))) {
            throw new IllegalArgumentException(where + ".use must be \"enc\" when given");
        }
        String id = jwk.path("kid").isTextual() ? jwk.get("kid").asText() : null;
        if (id == null) {
            throw new IllegalArgumentException(where + ".kid is missing");
        }
        if (!jwk.path("k").isTextual()) {
            throw new IllegalArgumentException(where + ".k (the key, base64url) is missing");
        }
        byte[] material;
        try {
            material = Base64.getUrlDecoder().decode(jwk.get("k").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".k is not base64url");
        }
        try {
            return new SpoolKeys.Key(id, material);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    static byte[] serialize(SpoolKeys keys) {
        ObjectNode root = JSON.createObjectNode();
        root.put("description", DESCRIPTION);
        ArrayNode array = root.putArray("keys");
        for (SpoolKeys.Key key : keys.all()) {
            array.addObject().put("kty", "oct").put("kid", key.id()).put("alg", "A256GCM").put("use", "enc")
                    .put("k", Base64.getUrlEncoder().withoutPadding().encodeToString(key.material()));
        }
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SpoolKeys.Key newKey(String id) {
        byte[] material = new byte[SpoolKeys.KEY_BYTES];
        RANDOM.nextBytes(material);
        return new SpoolKeys.Key(id, material);
    }

    /** Creates {@code file} (which must not exist) for its owner only and writes {@code content}; says how. */
    private static String create(Path file, byte[] content) throws IOException {
        boolean posix = Files.getFileStore(file.toAbsolutePath().getParent())
                .supportsFileAttributeView(PosixFileAttributeView.class);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        String protection = "rw------- (owner only)";
        try (FileChannel channel = FileChannel.open(file, EnumSet.of(CREATE_NEW, WRITE), attributes)) {
            if (!posix) {
                protection = restrictAclToOwner(file);
            }
            Durable.writeFully(channel, ByteBuffer.wrap(content), 0);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return protection;
    }

    /**
     * Replaces {@code file} atomically by a new one with {@code content}, with the owner (and group, or ACL) of the
     * old one, so the agent's user can still read it when root rotated the key.
     */
    private static String replace(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".new");
        Files.deleteIfExists(temp);
        String protection = create(temp, content);
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
            if (posix != null) {
                PosixFileAttributes old = posix.readAttributes();
                PosixFileAttributeView fresh = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
                if (!fresh.getOwner().equals(old.owner())) {
                    try {
                        fresh.setOwner(old.owner());
                    } catch (IOException e) {
                        throw new IOException(file + " belongs to " + old.owner().getName() + ": run this as "
                                + old.owner().getName() + " or as root, so the new file belongs to it too (" + e + ")");
                    }
                }
                try {
                    fresh.setGroup(old.group());
                } catch (IOException e) {
                    // the group has no access (rw-------) anyway
                }
            } else if (acl != null) {
                AclFileAttributeView fresh = Files.getFileAttributeView(temp, AclFileAttributeView.class);
                fresh.setAcl(acl.getAcl());
                fresh.setOwner(acl.getOwner());
                protection = "the ACL of the file it replaced";
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Durable.syncDirectory(file.toAbsolutePath().getParent());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return protection;
    }

    /** On a file system without POSIX permissions (Windows): an ACL that allows the file's owner alone. */
    private static String restrictAclToOwner(Path file) {
        AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (view == null) {
            return "NOT restricted: this file system has neither POSIX permissions nor ACLs; protect the file yourself";
        }
        try {
            AclEntry owner = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(view.getOwner())
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build();
            view.setAcl(List.of(owner));
            return "ACL: " + view.getOwner().getName() + " only (grant the agent's service account read access if it"
                    + " is another account; docs/security.md)";
        } catch (IOException | RuntimeException e) {
            return "NOT restricted (" + e + "); restrict its ACL yourself (docs/security.md)";
        }
    }

    private static IllegalArgumentException problem(Path file, String what) {
        return new IllegalArgumentException(SETTING + ": the key file " + file + " " + what);
    }
}
