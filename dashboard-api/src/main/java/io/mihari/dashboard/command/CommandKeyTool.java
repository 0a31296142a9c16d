package io.mihari.dashboard.command;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Makes a command-signing key pair: {@code new-key <folder> [kid]} writes the private key for dashboard-api
 * ({@code command-signing-key.jwk.json}, readable by its owner only; {@code mihari.commands.signing-key-file}) and
 * adds the public key to the set alert-service trusts ({@code command-verification-keys.jwks.json};
 * {@code mihari.commands.verification-keys-file}). Rotation: make a new key into the same folder (the set then holds
 * the old and the new public key), give alert-service the new set, then dashboard-api the new private key, and once
 * no old command is waiting in Kafka remove the old public key from the set. Run from the packaged app (deploy/local/
 * mihari wraps it): {@code java -cp 'dashboard-api/target/quarkus-app/lib/main/*:dashboard-api/target/quarkus-app/app/*'
 * io.mihari.dashboard.command.CommandKeyTool new-key /etc/mihari}.
 */
public final class CommandKeyTool {

    static final String PRIVATE = "command-signing-key.jwk.json";
    static final String PUBLIC_SET = "command-verification-keys.jwks.json";

    private CommandKeyTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3 || !"new-key".equals(args[0])) {
            System.err.println("usage: CommandKeyTool new-key <folder> [kid]");
            System.exit(2);
        }
        String kid = args.length == 3 ? args[2]
                : "dashboard-" + LocalDate.now(ZoneOffset.UTC) + "-" + UUID.randomUUID().toString().substring(0, 8);
        System.out.println(newKey(Path.of(args[1]), kid));
    }

    /** Writes a new key pair into {@code folder}; returns the new key's id. */
    static String newKey(Path folder, String kid) throws IOException, JoseException {
        EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId(kid);
        key.setUse("sig");
        Files.createDirectories(folder);
        Path privateFile = folder.resolve(PRIVATE);
        Path tmp = Files.createTempFile(folder, ".signing-key", ".tmp");
        try {
            restrict(tmp);
            Files.writeString(tmp, key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            Files.move(tmp, privateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Path setFile = folder.resolve(PUBLIC_SET);
        List<JsonWebKey> keys = new ArrayList<>();
        if (Files.exists(setFile)) {
            keys.addAll(new JsonWebKeySet(Files.readString(setFile)).getJsonWebKeys());
        }
        keys.removeIf(k -> kid.equals(k.getKeyId()));
        keys.add(JsonWebKey.Factory.newJwk(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
        Files.writeString(setFile, new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        return kid;
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system (Windows): the folder's own permissions protect it
        }
    }
}
