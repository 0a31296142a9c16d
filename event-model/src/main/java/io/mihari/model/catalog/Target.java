package io.mihari.model.catalog;

import java.time.Duration;

/**
 * A monitored server of a service.
 *
 * @param id {@code tenant/host}, the Kafka key of its events
 * @param host the server's name, as its agent reports it
 * @param role what it does, e.g. {@code AP/WEB}, {@code BT/DB}, {@code DC}
 * @param critical whether the service is down when this server is down
 * @param redundancyGroup servers that stand in for each other (e.g. AP/WEB1..3); the service is down when all are
 * @param heartbeatInterval how often its agent sends heartbeats
 */
public record Target(String id, String host, String role, boolean critical, String redundancyGroup,
        Duration heartbeatInterval) {
}
