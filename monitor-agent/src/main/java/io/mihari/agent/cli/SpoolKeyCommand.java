package io.mihari.agent.cli;

import io.mihari.agent.spool.SpoolKeyFile;
import io.mihari.agent.spool.SpoolKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * {@code mihari-agent spool-key generate|rotate|remove|list}: makes and rotates the key file that encrypts the spool
 * at rest ({@code mihari.agent.spool.encryption.key-file}, see {@link SpoolKeyFile}). Files are written readable and
 * writable by their owner only and replaced atomically; key material is never printed.
 */
@Command(name = "spool-key", mixinStandardHelpOptions = true, description = "Make, rotate and list the key file that encrypts the spool at rest"
        + " (" + SpoolKeyFile.SETTING + ").",
        subcommands = {SpoolKeyCommand.Generate.class, SpoolKeyCommand.Rotate.class, SpoolKeyCommand.Remove.class,
                SpoolKeyCommand.ListKeys.class})
public class SpoolKeyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "spool-key needs a subcommand: generate, rotate, remove or list");
    }

    private static int failed(CommandSpec spec, Exception e) {
        spec.commandLine().getErr().println("spool-key " + spec.name() + ": " + e.getMessage());
        return 1;
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, description = "Write a new key file holding one random 256-bit key, readable by"
            + " its owner only; refuses to replace an existing file.")
    static class Generate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The key file to create.")
        Path out;

        @Option(names = "--id", paramLabel = "ID", description = "The key's id (default: spool-<yyyyMMdd>-<random>).")
        String id;

        private final Clock clock;

        Generate(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() {
            try {
                SpoolKeyFile.Written written = SpoolKeyFile.generate(out, id != null ? id : SpoolKeyFile.newId(clock));
                PrintWriter o = spec.commandLine().getOut();
                o.println("wrote " + out + " with key " + written.keys().current().id() + " (" + written.protection()
                        + ")");
                o.println("next: make the agent's user its owner (e.g. chown mihari-agent: " + out + "), set "
                        + SpoolKeyFile.SETTING + ": " + out + " and restart the agent");
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return failed(spec, e);
            }
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, description = "Add a new random key to a key file as its current key; the older keys"
            + " stay to read events spooled before.")
    static class Rotate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The key file.")
        Path file;

        @Option(names = "--id", paramLabel = "ID", description = "The new key's id (default: spool-<yyyyMMdd>-<random>).")
        String id;

        private final Clock clock;

        Rotate(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() {
            try {
                SpoolKeys keys = SpoolKeyFile.rotate(file, id != null ? id : SpoolKeyFile.newId(clock)).keys();
                PrintWriter o = spec.commandLine().getOut();
                String current = keys.current().id();
                o.println("added key " + current + " to " + file + " as its current key; older: "
                        + String.join(", ", keys.ids().subList(1, keys.ids().size())));
                o.println("next: restart the agent (new events are then encrypted with " + current + ", the waiting"
                        + " ones stay readable); once `mihari-agent status` shows no events under an older key, remove"
                        + " it: mihari-agent spool-key remove --file " + file + " --id " + keys.ids().get(1));
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return failed(spec, e);
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an older key from a key file (never the current one). Events"
            + " still spooled under it can then no longer be read: check `mihari-agent status` first.")
    static class Remove implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The key file.")
        Path file;

        @Option(names = "--id", required = true, paramLabel = "ID", description = "The id of the key to remove.")
        String id;

        @Override
        public Integer call() {
            try {
                SpoolKeys keys = SpoolKeyFile.remove(file, id).keys();
                spec.commandLine().getOut().println("removed key " + id + " from " + file + "; keys now: "
                        + String.join(", ", keys.ids()) + " (current " + keys.current().id() + ")");
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return failed(spec, e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Check a key file as the agent would and list its key ids, current first"
            + " (never the keys).")
    static class ListKeys implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The key file.")
        Path file;

        @Override
        public Integer call() {
            try {
                SpoolKeys keys = SpoolKeyFile.load(file);
                PrintWriter o = spec.commandLine().getOut();
                for (String key : keys.ids()) {
                    o.println(key + (key.equals(keys.current().id()) ? "  current: encrypts new events" : "  older: reads events spooled before"));
                }
                return 0;
            } catch (IllegalArgumentException e) {
                return failed(spec, e);
            }
        }
    }
}
