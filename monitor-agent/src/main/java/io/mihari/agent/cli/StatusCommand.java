package io.mihari.agent.cli;

import io.mihari.agent.ship.AgentRuntime;
import io.mihari.model.event.OperatingStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code mihari-agent status}: an application reports how it runs (システム稼働状況). */
@Command(name = "status", description = "Report an application's operating status (RUNNING, DEGRADED, STOPPED).")
public class StatusCommand implements Callable<Integer> {

    @Option(names = "--application", required = true, description = "The application's name.")
    String application;

    @Option(names = "--status", required = true, description = "RUNNING, DEGRADED or STOPPED.")
    OperatingStatus.Status status;

    @Option(names = "--message", description = "Details for people.")
    String message;

    private final AgentRuntime runtime;

    StatusCommand(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Integer call() {
        System.out.println("reported " + application + " " + status + ": "
                + runtime.emitAndDeliver(new OperatingStatus(application, status, message)));
        return 0;
    }
}
