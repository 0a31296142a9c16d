package io.mihari.agent.cli;

import io.mihari.agent.spool.SpoolKeyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mihari-agent spool-key}: the commands an operator makes and rotates the spool's key file with. */
class SpoolKeyCommandTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T01:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == SpoolKeyCommand.Generate.class) {
                    return type.cast(new SpoolKeyCommand.Generate(CLOCK));
                }
                if (type == SpoolKeyCommand.Rotate.class) {
                    return type.cast(new SpoolKeyCommand.Rotate(CLOCK));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(SpoolKeyCommand.class, factory);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void generateWritesAnOwnerOnlyKeyFileWithADatedIdAndSaysWhatToDoNext() throws IOException {
        Path file = dir.resolve("agent-spool.jwks.json");

        Run run = run("generate", "--out", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("wrote .*agent-spool.jwks.json with key spool-20261206-[0-9a-f]{6}")
                .contains(SpoolKeyFile.SETTING).contains("chown mihari-agent");
        assertThat(SpoolKeyFile.load(file).ids()).singleElement().asString().startsWith("spool-20261206-");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        String key = Files.readString(file);
        assertThat(run.out() + run.err()).as("the key is never printed")
                .doesNotContain(key.substring(key.indexOf("\"k\"") + 7, key.indexOf("\"k\"") + 20));
    }

    @Test
    void rotateListAndRemoveWalkThroughARotation() {
        Path file = dir.resolve("keys.json");
        assertThat(run("generate", "--out", file.toString(), "--id", "old").exitCode()).isZero();

        Run rotated = run("rotate", "--file", file.toString(), "--id", "new");
        assertThat(rotated.exitCode()).isZero();
        assertThat(rotated.out()).contains("added key new").contains("older: old")
                .contains("mihari-agent spool-key remove --file " + file + " --id old");

        Run listed = run("list", "--file", file.toString());
        assertThat(listed.out().lines()).containsExactly("new  current: encrypts new events",
                "old  older: reads events spooled before");

        Run refused = run("remove", "--file", file.toString(), "--id", "new");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("spool-key remove: ").contains("current key");

        assertThat(run("remove", "--file", file.toString(), "--id", "old").out()).contains("keys now: new");
        assertThat(run("list", "--file", file.toString()).out().lines()).containsExactly("new  current: encrypts new events");
    }

    @Test
    void generateRefusesAnExistingFileAndListRefusesABadOne() throws IOException {
        Path file = dir.resolve("keys.json");
        run("generate", "--out", file.toString());

        Run again = run("generate", "--out", file.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("exists already").contains("spool-key rotate");

        Files.writeString(file, "{}");
        Run bad = run("list", "--file", file.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains(SpoolKeyFile.SETTING).contains("no \"keys\" array");
    }

    @Test
    void withoutASubcommandItSaysWhichThereAre() {
        Run run = run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("generate, rotate, remove or list");
    }
}
