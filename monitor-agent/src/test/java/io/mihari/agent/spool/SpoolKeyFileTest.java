package io.mihari.agent.spool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The key file: how it is made, rotated and checked before the agent trusts it. */
class SpoolKeyFileTest {

    @TempDir
    Path dir;

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    @Test
    void generateWritesOneRandom256BitKeyAsAJwkSetReadableByItsOwnerOnly() throws IOException {
        Path file = dir.resolve("keys/agent-spool.jwks.json");

        SpoolKeyFile.Written written = SpoolKeyFile.generate(file, "k1");

        JsonNode jwks = new ObjectMapper().readTree(file.toFile());
        assertThat(jwks.get("keys")).hasSize(1);
        JsonNode jwk = jwks.get("keys").get(0);
        assertThat(jwk.get("kty").asText()).isEqualTo("oct");
        assertThat(jwk.get("kid").asText()).isEqualTo("k1");
        assertThat(jwk.get("alg").asText()).isEqualTo("A256GCM");
        assertThat(Base64.getUrlDecoder().decode(jwk.get("k").asText())).hasSize(32);
        assertThat(SpoolKeyFile.load(file).current().id()).isEqualTo("k1");
        assertThat(written.keys().current().material()).isEqualTo(SpoolKeyFile.load(file).current().material());
        assertThat(SpoolKeyFile.generate(dir.resolve("other"), "k1").keys().current().material())
                .as("random").isNotEqualTo(written.keys().current().material());
        if (posix()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(written.protection()).contains("rw-------");
        }
    }

    @Test
    void generateNeverReplacesAFile() throws IOException {
        Path file = dir.resolve("keys.json");
        SpoolKeyFile.generate(file, "k1");
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> SpoolKeyFile.generate(file, "k2")).isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("spool-key rotate");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aKeyFileItsGroupOrOthersMayReadIsRefusedNamingTheFileAndTheSetting() throws IOException {
        assumeTrue(posix(), "POSIX permissions");
        Path file = dir.resolve("keys.json");
        SpoolKeyFile.generate(file, "k1");

        for (String permissions : new String[] {"rw-r-----", "rw----r--", "rw--w----"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
            assertThatThrownBy(() -> SpoolKeyFile.load(file)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(SpoolKeyFile.SETTING).hasMessageContaining(file.toString())
                    .hasMessageContaining(permissions).hasMessageContaining("chmod 600");
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThat(SpoolKeyFile.load(file).current().id()).as("read-only for the owner is fine").isEqualTo("k1");
    }

    @Test
    void aMissingKeyFileIsRefusedSayingHowToMakeOne() {
        Path file = dir.resolve("nowhere.json");

        assertThatThrownBy(() -> SpoolKeyFile.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SpoolKeyFile.SETTING).hasMessageContaining("does not exist")
                .hasMessageContaining("mihari-agent spool-key generate --out " + file);
    }

    @Test
    void malformedKeyFilesAreRefusedWithTheirProblemAndNeverTheirContent() throws IOException {
        String key32 = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        String key16 = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
        assertRefused("{\"keys\": [ {\"kty\": \"oct\", \"kid\": \"k1\", \"k\": \"sEcReT-NoT-JSoN", "not JSON");
        assertRefused("[]", "no \"keys\" array");
        assertRefused("{\"keys\": []}", "there is no key");
        assertRefused("{\"keys\": [{\"kty\": \"oct\", \"kid\": \"k1\", \"k\": \"" + key16 + "\"}]}",
                "keys[0]: key 'k1' has 16 bytes; AES-256 needs exactly 32");
        assertRefused("{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"k1\", \"k\": \"" + key32 + "\"}]}", "keys[0].kty");
        assertRefused("{\"keys\": [{\"kty\": \"oct\", \"k\": \"" + key32 + "\"}]}", "keys[0].kid is missing");
        assertRefused("{\"keys\": [{\"kty\": \"oct\", \"kid\": \"a b\", \"k\": \"" + key32 + "\"}]}", "key id 'a b'");
        assertRefused("{\"keys\": [{\"kty\": \"oct\", \"kid\": \"k1\", \"k\": \"***\"}]}", "keys[0].k is not base64url");
        assertRefused("{\"keys\": [{\"kty\": \"oct\", \"kid\": \"k1\", \"alg\": \"A128GCM\", \"k\": \"" + key32 + "\"}]}",
                "keys[0].alg");
        assertRefused("{\"keys\": [{\"kty\": \"oct\", \"kid\": \"k1\", \"k\": \"" + key32 + "\"},"
                + " {\"kty\": \"oct\", \"kid\": \"k1\", \"k\": \"" + key32 + "\"}]}", "key id 'k1' is there twice");
    }

    private void assertRefused(String content, String problem) throws IOException {
        Path file = dir.resolve("keys.json");
        Files.deleteIfExists(file);
        Files.writeString(file, content);
        if (posix()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        assertThatThrownBy(() -> SpoolKeyFile.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SpoolKeyFile.SETTING).hasMessageContaining(file.toString())
                .hasMessageContaining(problem).hasMessageNotContaining("sEcReT");
    }

    @Test
    void rotateAddsANewCurrentKeyKeepsTheOthersAndTheFileStaysPrivate() throws IOException {
        Path file = dir.resolve("keys.json");
        SpoolKeys first = SpoolKeyFile.generate(file, "k1").keys();

        SpoolKeys rotated = SpoolKeyFile.rotate(file, "k2").keys();

        SpoolKeys loaded = SpoolKeyFile.load(file);
        assertThat(loaded.ids()).containsExactly("k2", "k1");
        assertThat(loaded.sameAs(rotated)).isTrue();
        assertThat(loaded.find("k1").orElseThrow().material()).isEqualTo(first.current().material());
        if (posix()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.getOwner(file)).isEqualTo(Files.getOwner(dir));
        }
        assertThat(Files.list(dir)).as("no temporary file left").containsExactly(file);
        assertThatThrownBy(() -> SpoolKeyFile.rotate(file, "k1")).hasMessageContaining("holds a key with id 'k1' already");
    }

    @Test
    void removeTakesAnOlderKeyButNeverTheCurrentOne() throws IOException {
        Path file = dir.resolve("keys.json");
        SpoolKeyFile.generate(file, "k1");
        SpoolKeyFile.rotate(file, "k2");

        assertThatThrownBy(() -> SpoolKeyFile.remove(file, "k2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current key");
        assertThatThrownBy(() -> SpoolKeyFile.remove(file, "k9")).hasMessageContaining("no key with id 'k9'")
                .hasMessageContaining("k2, k1");
        assertThat(SpoolKeyFile.remove(file, "k1").keys().ids()).containsExactly("k2");
        assertThat(SpoolKeyFile.load(file).ids()).containsExactly("k2");
    }

    @Test
    void newIdsCarryTheDayAndRandomDigits() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-06T01:00:00Z"), ZoneOffset.UTC);

        assertThat(SpoolKeyFile.newId(clock)).matches("spool-20261206-[0-9a-f]{6}").matches(SpoolKeys.ID);
        assertThat(SpoolKeyFile.newId(clock)).isNotEqualTo(SpoolKeyFile.newId(clock));
    }

    @Test
    void keysNeverPrintTheirMaterial() {
        SpoolKeys keys = SpoolKeys.of(java.util.List.of(SpoolEncryptionTest.key("k1", 0x41)));

        assertThat(keys.toString()).contains("k1").doesNotContain("AAAA").doesNotContain("QUFB");
        assertThat(SpoolEncryption.with(keys).toString()).contains("k1").doesNotContain("QUFB");
    }
}
