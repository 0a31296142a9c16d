package io.mihari.agent.cli;

import io.mihari.agent.check.Check;
import io.mihari.agent.check.Checks;
import io.mihari.agent.ship.AgentRuntime;
import io.mihari.agent.ship.Masking;
import io.mihari.model.event.CheckResult;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mihari-agent check}: runs every configured check once and prints a table, for the operator
 * installing the agent. Sends nothing. Exit code 0 when all pass, 1 otherwise.
 */
@Command(name = "check", description = "Run the configured checks once and print the results (sends nothing).")
public class CheckCommand implements Callable<Integer> {

    private final AgentRuntime runtime;

    CheckCommand(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Integer call() {
        List<Check> checks = Checks.from(runtime.config().checks(), runtime.clock());
        Masking masking = runtime.masking();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "KIND", "TARGET", "STATUS", "LATENCY", "MESSAGE"});
        boolean allUp = true;
        for (Check check : checks) {
            CheckResult r = (CheckResult) masking.apply(check.run()); // shown as it would be sent
            allUp &= r.status() == CheckResult.Status.UP;
            rows.add(new String[] {r.name(), r.kind().name(), check.target(), r.status().name(), r.latencyMs() + " ms",
                    r.message() == null ? "" : r.message().replace('\n', ' ')
                            + (r.certificateDaysLeft() == null ? "" : " (certificate: " + r.certificateDaysLeft() + " days)")});
        }
        print(rows, System.out);
        System.out.println(checks.isEmpty() ? "no checks configured (mihari.agent.checks)"
                : (allUp ? "all " + checks.size() + " checks pass" : "some checks fail"));
        System.out.println(masking(masking));
        return allUp ? 0 : 1;
    }

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
