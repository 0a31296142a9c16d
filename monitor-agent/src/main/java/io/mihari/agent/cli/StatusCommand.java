package io.mihari.agent.cli;

import io.mihari.agent.ship.AgentRuntime;
import io.mihari.agent.ship.DeliveryState;
import io.mihari.agent.spool.Spool;
import io.mihari.model.event.OperatingStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mihari-agent status --application … --status …}: an application reports how it runs (システム稼働状況).
 * {@code mihari-agent status} alone: how the running agent's delivery to Kafka goes (e.g. refused by Kafka, with
 * the setting to fix, and how many events wait in the spool), whether the spool is encrypted and under which key
 * ids the waiting events are (a rotation's old key may go once none is under it).
 */
@Command(name = "status", description = "Report an application's operating status (RUNNING, DEGRADED, STOPPED);"
        + " without options, show how the running agent's delivery to Kafka goes.")
public class StatusCommand implements Callable<Integer> {

    @Option(names = "--application", description = "The application's name.")
    String application;

    @Option(names = "--status", description = "RUNNING, DEGRADED or STOPPED.")
    OperatingStatus.Status status;

    @Option(names = "--message", description = "Details for people.")
    String message;

    private final AgentRuntime runtime;

    StatusCommand(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Integer call() {
        if (application == null && status == null) {
            return delivery();
        }
        if (application == null || status == null) {
            System.err.println("status: --application and --status go together (or give neither to see delivery)");
            return 2;
        }
        System.out.println("reported " + application + " " + status + ": "
                + runtime.emitAndDeliver(new OperatingStatus(application, status, message)));
        return 0;
    }

    /** @return 0 when delivering, 1 when delivery fails or nothing is known (no agent ran with this spool) */
    private int delivery() {
        java.nio.file.Path dir = runtime.config().spool().dir();
        var state = DeliveryState.read(dir);
        if (state.isEmpty()) {
            System.out.println("delivery: unknown (no running agent has written " + dir + "/delivery-state.properties)");
            System.out.println(configuredEncryption() + " (as configured)");
            return 1;
        }
        DeliveryState.Snapshot s = state.get();
        System.out.println("delivery: " + (s.failing() ? "FAILING since " + s.since() + ": " + s.error()
                : "OK since " + s.since()));
        System.out.println("spool: " + s.pending() + " events waiting (as of " + s.updatedAt() + ")");
        if (s.spool().isPresent()) {
            System.out.println(encryption(s.spool().get()));
            if (s.spool().get().unreadable() > 0) {
                System.out.println("WARNING: spool: " + s.spool().get().unreadable() + " events could not be read back"
                        + " (failed authentication, a key id not in the key file, or unencrypted where refused) and"
                        + " were not delivered; the agent's log names each segment and seq");
            }
        } else {
            System.out.println(configuredEncryption() + " (as configured; the running agent does not say)");
        }
        System.out.println(CheckCommand.masking(runtime.masking()));
        return s.failing() ? 1 : 0;
    }

    /** The running agent's encryption and which keys the waiting events are under. */
    static String encryption(Spool.Backlog b) {
        List<String> waiting = new ArrayList<>();
        b.byKey().forEach((key, count) -> waiting.add(count + " under key " + key));
        if (b.unencrypted() > 0) {
            waiting.add(b.unencrypted() + " unencrypted");
        }
        String line = b.currentKey().map(key -> "spool encryption: on (AES-256-GCM), new events under key " + key)
                .orElse(CheckCommand.OFF);
        return line + (waiting.isEmpty() ? "" : "; waiting: " + String.join(", ", waiting));
    }

    private String configuredEncryption() {
        try {
            return CheckCommand.encryption(runtime.encryption(), runtime.config().spool().encryption().keyFile());
        } catch (IllegalArgumentException e) {
            return "spool encryption: ERROR: " + e.getMessage();
        }
    }
}
