package io.mihari.agent.cli;

import io.mihari.agent.spool.Spool;
import io.mihari.agent.spool.SpoolEncryption;
import io.mihari.agent.spool.SpoolKeys;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code check} and {@code status} print about the spool's encryption. */
class EncryptionLinesTest {

    static SpoolKeys.Key key(String id) {
        byte[] material = new byte[SpoolKeys.KEY_BYTES];
        Arrays.fill(material, (byte) 7);
        return new SpoolKeys.Key(id, material);
    }

    @Test
    void checkNamesTheCurrentKeyAndTheOlderOnes() {
        SpoolEncryption encryption = SpoolEncryption.with(SpoolKeys.of(List.of(key("k2"), key("k1"))));

        assertThat(CheckCommand.encryption(encryption, Optional.of(Path.of("/etc/mihari/agent-spool.jwks.json"))))
                .isEqualTo("spool encryption: on (AES-256-GCM), new events under key k2; older keys for events spooled"
                        + " before: k1 (/etc/mihari/agent-spool.jwks.json)");
        assertThat(CheckCommand.encryption(encryption.deliveringUnencrypted(false), Optional.empty()))
                .endsWith("; unencrypted events are refused");
    }

    @Test
    void withoutEncryptionBothWarnLoudly() {
        assertThat(CheckCommand.encryption(SpoolEncryption.OFF, Optional.empty()))
                .startsWith("WARNING: spool encryption is OFF").contains("mihari.agent.spool.encryption.key-file")
                .contains("mihari-agent spool-key generate --out FILE");
        assertThat(StatusCommand.encryption(new Spool.Backlog(3, 3, new TreeMap<>(), Optional.empty(), 0)))
                .startsWith("WARNING: spool encryption is OFF").endsWith("; waiting: 3 unencrypted");
    }

    @Test
    void statusSaysUnderWhichKeysTheWaitingEventsAreSoTheOldKeyMayGoOnceNoneIsLeft() {
        Spool.Backlog rotating = new Spool.Backlog(12, 1, new TreeMap<>(Map.of("k1", 2L, "k2", 9L)), Optional.of("k2"), 0);
        Spool.Backlog done = new Spool.Backlog(4, 0, new TreeMap<>(Map.of("k2", 4L)), Optional.of("k2"), 0);

        assertThat(StatusCommand.encryption(rotating)).isEqualTo("spool encryption: on (AES-256-GCM), new events"
                + " under key k2; waiting: 2 under key k1, 9 under key k2, 1 unencrypted");
        assertThat(StatusCommand.encryption(done)).doesNotContain("k1");
    }
}
