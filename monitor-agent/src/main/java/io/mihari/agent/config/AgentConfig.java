package io.mihari.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The agent's identity and schedule, under {@code mihari.agent.*}. */
@ConfigMapping(prefix = "mihari.agent")
public interface AgentConfig {

    /** The city this server belongs to, e.g. {@code kurashiki}. */
    String tenant();

    /** The system group it serves, e.g. {@code juki}. */
    String system();

    /** This server's name in the catalog; defaults to the machine's host name. */
    Optional<String> host();

    /** This agent instance's id; defaults to the host. */
    Optional<String> agentId();

    /** How often a heartbeat is sent. */
    @WithDefault("10s")
    Duration heartbeatInterval();
}
