package io.mihari.agent.cli;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged commands with {@code mihari.agent.spool.encryption.key-file} set: the key is made with
 * {@code spool-key generate}, {@code check} and {@code status} say under which key the spool is encrypted, and a key
 * file others may read stops {@code run} and fails {@code check}, naming the setting.
 */
@QuarkusMainTest
@TestProfile(SpoolEncryptionCliTest.WithKeyFile.class)
class SpoolEncryptionCliTest {

    static final Path DIR = Path.of("target", "spool-encryption-cli").toAbsolutePath();
    static final Path KEY_FILE = DIR.resolve("agent-spool.jwks.json");

    public static class WithKeyFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mihari.agent.spool.encryption.key-file", KEY_FILE.toString(),
                    "mihari.agent.spool.dir", DIR.resolve("spool").toString(),
                    "kafka.bootstrap.servers", "127.0.0.1:1"); // nothing is sent
        }
    }

    @BeforeEach
    void clean() throws IOException {
        if (Files.exists(DIR)) {
            try (Stream<Path> files = Files.walk(DIR)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void checkAndStatusSayTheSpoolIsEncryptedUnderTheGeneratedKey(QuarkusMainLauncher launcher) {
        LaunchResult generated = launcher.launch("spool-key", "generate", "--out", KEY_FILE.toString(), "--id", "cli-k1");
        assertThat(generated.exitCode()).as(generated.getErrorOutput()).isZero();
        assertThat(generated.getOutput()).contains("wrote " + KEY_FILE + " with key cli-k1");

        LaunchResult check = launcher.launch("check");
        assertThat(check.exitCode()).as(check.getOutput() + check.getErrorOutput()).isZero();
        assertThat(check.getOutput()).contains("spool encryption: on (AES-256-GCM), new events under key cli-k1 ("
                + KEY_FILE + ")");

        LaunchResult status = launcher.launch("status");
        assertThat(status.getOutput()).contains("delivery: unknown")
                .contains("spool encryption: on (AES-256-GCM), new events under key cli-k1");
    }

    @Test
    void aKeyFileOthersMayReadStopsRunAndFailsCheckNamingTheSetting(QuarkusMainLauncher launcher) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        assertThat(launcher.launch("spool-key", "generate", "--out", KEY_FILE.toString()).exitCode()).isZero();
        Files.setPosixFilePermissions(KEY_FILE, PosixFilePermissions.fromString("rw-r--r--"));

        LaunchResult check = launcher.launch("check");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.getOutput()).contains("spool encryption: ERROR: invalid configuration:"
                + " mihari.agent.spool.encryption.key-file: the key file " + KEY_FILE).contains("rw-r--r--");

        LaunchResult run = launcher.launch("run");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.getOutput() + run.getErrorOutput()).contains("mihari.agent.spool.encryption.key-file")
                .contains("chmod 600");
        assertThat(DIR.resolve("spool").resolve("state")).as("the spool was never opened").doesNotExist();
    }

    @Test
    void aMissingKeyFileStopsRun(QuarkusMainLauncher launcher) {
        LaunchResult run = launcher.launch("run");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.getOutput() + run.getErrorOutput()).contains("mihari.agent.spool.encryption.key-file")
                .contains("does not exist").contains("spool-key generate --out " + KEY_FILE);
    }
}
