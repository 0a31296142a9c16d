package io.mihari.agent.config;

import io.mihari.model.event.TargetId;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Who this agent speaks for; validated at start, so a wrong setting stops the agent naming the key. */
public record Identity(String tenant, String system, String host, String agentId) {

    public Identity {
        check("mihari.agent.tenant", tenant);
        check("mihari.agent.system", system);
        check("mihari.agent.host", host);
        check("mihari.agent.agent-id", agentId);
    }

    public static Identity of(String tenant, String system, Optional<String> host, Optional<String> agentId) {
        String h = host.orElseGet(Identity::localHostName);
        return new Identity(tenant, system, h, agentId.orElse(h));
    }

    public String targetId() {
        return TargetId.of(tenant, host);
    }

    private static void check(String key, String value) {
        try {
            TargetId.requireName(key, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName().split("\\.")[0];
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot determine the host name; set mihari.agent.host", e);
        }
    }
}
