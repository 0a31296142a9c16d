package io.mihari.alert.command;

import io.mihari.alert.ingest.DeadLetterReason;
import io.mihari.testsupport.TestCommands;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What alert-service believes of a commands-topic record, and what it refuses to trust at start. */
class CommandVerifierTest {

    @TempDir
    Path dir;

    @Test
    void onlyARecordSignedByATrustedKeyGivesBackItsPayload() throws Exception {
        Path set = Path.of(TestCommands.configFor("alert-service").get("mihari.commands.verification-keys-file"));
        CommandVerifier verifier = new CommandVerifier(CommandVerifier.load(set));
        byte[] payload = "{\"commandId\":\"u-1\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(TestCommands.sign(payload).getBytes(StandardCharsets.US_ASCII))).isEqualTo(payload);
        assertThatThrownBy(() -> verifier.verify(payload)).isInstanceOfSatisfying(CommandVerifier.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(DeadLetterReason.UNSIGNED_COMMAND));
        assertThatThrownBy(() -> verifier.verify(TestCommands.sign(payload, TestCommands.otherKey(TestCommands.keyId()))
                .getBytes(StandardCharsets.US_ASCII))).isInstanceOfSatisfying(CommandVerifier.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(DeadLetterReason.BAD_SIGNATURE));
        assertThatThrownBy(() -> verifier.verify(new byte[0])).isInstanceOf(CommandVerifier.Refused.class);
        assertThatThrownBy(() -> verifier.verify("a.b.c".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(CommandVerifier.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(DeadLetterReason.BAD_SIGNATURE));
    }

    @Test
    void aKeySetThatWouldLetAlertServiceSignOrTrustNothingStopsItNamingTheSetting() throws Exception {
        EllipticCurveJsonWebKey key = TestCommands.otherKey("k-1");
        Path withPrivate = dir.resolve("private.jwks.json");
        Files.writeString(withPrivate, "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE) + "]}");
        assertThatThrownBy(() -> CommandVerifier.load(withPrivate))
                .hasMessageStartingWith("mihari.commands.verification-keys-file:").hasMessageContaining("private part");
        Path empty = dir.resolve("empty.jwks.json");
        Files.writeString(empty, "{\"keys\":[]}");
        assertThatThrownBy(() -> CommandVerifier.load(empty)).hasMessageContaining("holds no key");
        assertThatThrownBy(() -> CommandVerifier.load(dir.resolve("missing.json"))).hasMessageContaining("cannot read");
        assertThat(CommandVerifier.load(Path.of(TestCommands.configFor("alert-service")
                .get("mihari.commands.verification-keys-file")))).hasSize(1).containsKey(TestCommands.keyId());
    }
}
