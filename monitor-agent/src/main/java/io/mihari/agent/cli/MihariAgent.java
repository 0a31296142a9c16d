package io.mihari.agent.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** {@code mihari-agent}: the monitor agent's command line. */
@TopCommand
@Command(name = "mihari-agent", mixinStandardHelpOptions = true, version = "mihari-agent 0.1.0",
        description = "Mihari monitor agent: heartbeats, liveness checks, resources and batch runs, shipped to Kafka without loss.",
        subcommands = {RunCommand.class, ExecCommand.class, ReportCommand.class, StatusCommand.class,
                CheckCommand.class, SpoolKeyCommand.class, BenchCommand.class, SimulateCommand.class,
                CloudCollectCommand.class})
public class MihariAgent {
}
