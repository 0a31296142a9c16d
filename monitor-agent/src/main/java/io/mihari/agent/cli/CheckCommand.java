package io.mihari.agent.cli;

import io.mihari.agent.check.Check;
import io.mihari.agent.check.CheckUnavailableException;
import io.mihari.agent.check.PingWays;
import io.mihari.agent.check.Checks;
import io.mihari.agent.ship.AgentRuntime;
import io.mihari.agent.ship.Masking;
import io.mihari.agent.spool.SpoolEncryption;
import io.mihari.agent.spool.SpoolKeyFile;
import io.mihari.agent.spool.SpoolKeys;
import io.mihari.model.event.CheckResult;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code mihari-agent check}: runs every configured check once and prints a table, for the operator
 * installing the agent, then says what is masked and whether the spool is encrypted (reading the key file as the
 * agent would). Sends nothing. Exit code 0 when all pass and the key file is usable, 1 otherwise.
 */
@Command(name = "check", description = "Run the configured checks once and print the results (sends nothing).")
public class CheckCommand implements Callable<Integer> {

    private final AgentRuntime runtime;

    CheckCommand(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Integer call() {
        List<Check> checks = Checks.from(runtime.config().checks(), runtime.config().sources(), runtime.identity(),
                runtime.clock());
        Masking masking = runtime.masking();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "KIND", "TARGET", "STATUS", "LATENCY", "MESSAGE"});
        boolean allUp = true;
        for (Check check : checks) {
            CheckResult r;
            try {
                r = (CheckResult) masking.apply(check.run()); // shown as it would be sent
            } catch (CheckUnavailableException e) {
                // the agent sends nothing for it (never DOWN for the target); the operator must see why
                allUp = false;
                rows.add(new String[] {check.name(), check.kind().name(), check.target(), "UNKNOWN", "",
                        "cannot run here: " + e.getMessage()});
                continue;
            }
            allUp &= r.status() == CheckResult.Status.UP;
            rows.add(new String[] {r.name(), r.kind().name(), check.target(), r.status().name(), r.latencyMs() + " ms",
                    r.message() == null ? "" : r.message().replace('\n', ' ')
                            + (r.certificateDaysLeft() == null ? "" : " (certificate: " + r.certificateDaysLeft() + " days)")});
        }
        print(rows, System.out);
        if (checks.stream().anyMatch(c -> c.kind() == CheckResult.Kind.PING)) {
            System.out.println("ping checks: " + PingWays.forThisAgent().why());
        }
        System.out.println(checks.isEmpty() ? "no checks configured (mihari.agent.checks)"
                : (allUp ? "all " + checks.size() + " checks pass" : "some checks fail"));
        // linkage file watches (run reports their arrivals; nothing is sent here): a bad entry stops like in run
        for (io.mihari.agent.file.FileWatcher.Watch w : io.mihari.agent.file.FileWatcher.from(runtime.config().files())) {
            System.out.println("file watch " + w.name() + ": " + w.directory().resolve(w.glob())
                    + (w.checksum() ? " with its .sha256 sidecar" : "")
                    + (java.nio.file.Files.isDirectory(w.directory()) ? "" : " (the directory is not there yet)"));
        }
        System.out.println(masking(masking));
        boolean keyFileOk = true;
        try {
            System.out.println(encryption(runtime.encryption(), runtime.config().spool().encryption().keyFile()));
        } catch (IllegalArgumentException e) {
            System.out.println("spool encryption: ERROR: " + e.getMessage());
            keyFileOk = false; // the agent would refuse to start
        }
        return allUp && keyFileOk ? 0 : 1;
    }

    /** What the operator is told about the spool's encryption as configured (check, and status without an agent). */
    public static String encryption(SpoolEncryption encryption, Optional<Path> keyFile) {
        if (encryption.keys().isEmpty()) {
            return OFF;
        }
        SpoolKeys keys = encryption.keys().get();
        return "spool encryption: on (AES-256-GCM), new events under key " + keys.current().id()
                + (keys.all().size() > 1 ? "; older keys for events spooled before: "
                        + String.join(", ", keys.ids().subList(1, keys.ids().size())) : "")
                + keyFile.map(f -> " (" + f + ")").orElse("")
                + (encryption.deliverUnencrypted() ? "" : "; unencrypted events are refused");
    }

    /** The warning when events wait unencrypted. */
    static final String OFF = "WARNING: spool encryption is OFF: events waiting for Kafka are stored unencrypted on"
            + " this server's disk; set " + SpoolKeyFile.SETTING + " (make a key file with: mihari-agent spool-key"
            + " generate --out FILE; docs/security.md, \"Agent spool at rest\")";

    /** What the operator is told about masking (check and status). */
    public static String masking(Masking masking) {
        return masking.patterns().isEmpty() ? "masking: off"
                : "masking: " + masking.patterns().size() + " pattern(s) (mihari.agent.masking.patterns"
                        + (masking.patterns().equals(List.of(Masking.INDIVIDUAL_NUMBER)) ? ": 12-digit individual numbers"
                                + " マイナンバー" : "") + ") hidden in check messages, batch output and status messages"
                        + " before anything leaves this server";
    }

    static void print(List<String[]> rows, PrintStream out) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], Math.min(row[i].length(), 60));
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i].length() > 60 ? row[i].substring(0, 59) + "…" : row[i];
                line.append(i == row.length - 1 ? cell : String.format("%-" + width[i] + "s  ", cell));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
