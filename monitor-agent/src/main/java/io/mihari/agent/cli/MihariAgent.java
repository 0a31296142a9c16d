package io.mihari.agent.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** {@code mihari-agent}: the monitor agent's command line. */
@TopCommand
@Command(name = "mihari-agent", mixinStandardHelpOptions = true, version = "mihari-agent 0.1.0",
        description = "Mihari monitor agent: ships heartbeats (and soon checks, resources, batch runs) to Kafka.",
        subcommands = RunCommand.class)
public class MihariAgent {
}
