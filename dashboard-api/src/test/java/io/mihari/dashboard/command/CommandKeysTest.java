package io.mihari.dashboard.command;

import io.mihari.model.command.Actor;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandCodec;
import io.mihari.model.command.CommandType;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command keys: made by CommandKeyTool, loaded by CommandSigner, and what it signs verifies with the public set. */
class CommandKeysTest {

    @TempDir
    Path dir;

    static final Command COMMAND = new Command("u-0123", CommandType.ACKNOWLEDGE, "kurashiki-juki", "INC-1",
            new Actor("suzuki", "vendor", "fujitsu-japan", "鈴木"), Instant.parse("2026-12-06T03:00:00Z"), "対応中", null,
            null, null, null, null);

    @Test
    void aNewKeyIsPrivateToItsOwnerAndItsPublicHalfJoinsTheTrustedSet() throws Exception {
        String first = CommandKeyTool.newKey(dir, "k-2026-12");
        String second = CommandKeyTool.newKey(dir, "k-2027-06"); // a rotation: the set holds both

        Path privateFile = dir.resolve(CommandKeyTool.PRIVATE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
        JsonWebKeySet set = new JsonWebKeySet(Files.readString(dir.resolve(CommandKeyTool.PUBLIC_SET)));
        assertThat(set.getJsonWebKeys()).extracting(JsonWebKey::getKeyId).containsExactly(first, second);
        assertThat(Files.readString(dir.resolve(CommandKeyTool.PUBLIC_SET))).doesNotContain("\"d\"");

        CommandSigner signer = new CommandSigner(CommandSigner.load(privateFile));
        assertThat(signer.keyId()).isEqualTo(second);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
        jws.setCompactSerialization(new String(signer.sign(COMMAND), StandardCharsets.US_ASCII));
        jws.setKey(((EllipticCurveJsonWebKey) set.findJsonWebKey(jws.getKeyIdHeaderValue(), null, null, null))
                .getPublicKey());
        assertThat(jws.verifySignature()).isTrue();
        assertThat(jws.getHeader("typ")).isEqualTo("mihari-command+jws");
        assertThat(CommandCodec.decode(jws.getPayloadBytes())).isEqualTo(COMMAND);
    }

    @Test
    void anUnusableSigningKeyStopsTheServiceNamingTheSetting() throws Exception {
        assertThatThrownBy(() -> CommandSigner.load(dir.resolve("missing.json")))
                .hasMessageStartingWith("mihari.commands.signing-key-file: cannot read");
        CommandKeyTool.newKey(dir, "k-1");
        Path publicOnly = dir.resolve("public.json");
        Files.writeString(publicOnly, new JsonWebKeySet(Files.readString(dir.resolve(CommandKeyTool.PUBLIC_SET)))
                .getJsonWebKeys().get(0).toJson());
        assertThatThrownBy(() -> CommandSigner.load(publicOnly))
                .hasMessageContaining("is not a private EC P-256 JSON Web Key");
        Path noKid = dir.resolve("nokid.json");
        Files.writeString(noKid, Files.readString(dir.resolve(CommandKeyTool.PRIVATE)).replaceAll("\"kid\":\"[^\"]*\",?",
                ""));
        assertThatThrownBy(() -> CommandSigner.load(noKid)).hasMessageContaining("has no \"kid\"");
        Path notJson = dir.resolve("garbage.json");
        Files.writeString(notJson, "-----BEGIN PRIVATE KEY-----");
        assertThatThrownBy(() -> CommandSigner.load(notJson)).hasMessageContaining("is not a JSON Web Key");
    }
}
