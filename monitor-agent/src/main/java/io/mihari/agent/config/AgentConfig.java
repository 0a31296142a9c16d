package io.mihari.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's configuration, under {@code mihari.agent.*}: one YAML file
 * ({@code -Dquarkus.config.locations=/etc/mihari/agent.yaml}), overridable by system properties and
 * environment variables. An unknown key or a bad value stops the agent with a message naming the key.
 */
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

    /** Resource sampling (CPU, load, memory, swap, disks, uptime). */
    Resources resources();

    /** Active liveness checks 死活監視 run by the daemon. */
    List<Check> checks();

    /**
     * Named local sources a check can go out through ({@code via}), e.g. the city hall's two lines:
     * {@code line-a: {source-address: 10.0.1.5}}. Each names exactly one of a source address or an interface.
     */
    Map<String, Source> sources();

    interface Source {
        /** The local address the check's connection is bound to, e.g. {@code 10.0.1.5}. */
        Optional<String> sourceAddress();

        /** Or a network interface by name, e.g. {@code eth1}: its first IPv4 address (else its first address). */
        @WithName("interface")
        Optional<String> networkInterface();
    }

    /**
     * Linkage files 連携ファイル watched on this server: each pattern is scanned every 30 s and each file that
     * arrived is reported once as a FILE_ARRIVAL event (docs/detection.md, "Linkage files 連携ファイル").
     */
    List<LinkageFile> files();

    interface LinkageFile {
        /** The watch's name, as the catalog's {@code files[].name}, e.g. {@code juki-to-fukushi}. */
        String name();

        /** An absolute path, wildcards ({@code *}, {@code ?}) in the file name only, e.g. {@code /data/in/IDO_*.csv}. */
        String pattern();

        /** {@code sha256}: the sidecar {@code <file>.sha256} must hold the file's SHA-256. */
        Optional<String> checksum();
    }

    /** The on-disk spool that keeps events while Kafka is unreachable. */
    Spool spool();

    /** Batch job wrapping ({@code mihari-agent exec}). */
    Exec exec();

    /** Personal data hidden before anything leaves the server (docs/security.md). */
    Masking masking();

    /**
     * Extra Kafka producer settings, e.g. {@code security.protocol: SSL}, {@code ssl.truststore.location},
     * {@code sasl.mechanism}, {@code sasl.jaas.config}. The servers come from {@code kafka.bootstrap.servers}.
     */
    Map<String, String> kafka();

    interface Resources {
        /** Whether resource samples are sent. */
        @WithDefault("true")
        boolean enabled();

        /** How often a sample is sent. */
        @WithDefault("60s")
        Duration interval();
    }

    interface Check {
        /** Name of the check, unique on this agent, e.g. {@code juki-web}. */
        String name();

        /** HTTP, TCP, PROCESS, COMMAND or PING. */
        String kind();

        /** How often it runs (start to start) while it passes. */
        @WithDefault("20s")
        Duration interval();

        /**
         * After a first failure, the check runs again this soon (start to start; at once if the failing run took
         * longer, e.g. until its timeout), up to {@link #rechecks()} times or until it passes. Each run is an ordinary
         * result: alert-service's {@code failuresToDown} counts them (docs/detection.md, "Defaults: fast and calm").
         */
        @WithDefault("2s")
        Duration recheckEvery();

        /**
         * Quick re-checks after a first failure; 0: none, the check keeps its interval. The default, 6, is the
         * catalog's default {@code failuresToDown} (7) minus the first failure.
         */
        @WithDefault("6")
        int rechecks();

        /**
         * How long one run may take before it counts as DOWN (default 10s); PING: how long each probe waits for its
         * reply (default 1s), so a target that never answers takes {@link #probes()} times this.
         */
        Optional<Duration> timeout();

        /** HTTP: the URL (http or https). */
        Optional<String> url();

        /** HTTP: accepted status codes, e.g. {@code 200-399} or {@code 200,204}. */
        @WithDefault("200-399")
        String expectStatus();

        /** HTTP: a text the body must contain. */
        Optional<String> keyword();

        /** HTTPS: fewer days than this before the certificate expires counts as DOWN. */
        @WithDefault("0")
        int minCertificateDays();

        /** TCP: host to connect to; PING: host (name or IPv4 address) to ping. */
        Optional<String> host();

        /** TCP: port to connect to. */
        Optional<Integer> port();

        /** PING: echo requests sent in one run, one after the other (1 to 100). */
        @WithDefault("5")
        int probes();

        /** PING: most probes lost in one run, in percent ({@code 40%} or {@code 40}), for it to pass (0 to 99). */
        @WithDefault("40%")
        String maxLoss();

        /** PING: most average round trip of the answered probes for a run to pass; none: any. */
        Optional<Duration> maxRtt();

        /** PROCESS: the process name (executable name without path, e.g. {@code sqlservr.exe} or {@code java}). */
        @WithName("process")
        Optional<String> processName();

        /** COMMAND: the command and its arguments; exit status 0 is UP. */
        Optional<List<String>> command();

        /** TCP/HTTP: the name of a {@link AgentConfig#sources() source} the connection goes out through. */
        Optional<String> via();

        /**
         * The target the result is reported for instead of this agent's own server, e.g. {@code kurashiki/krs-line-a}
         * (or just {@code krs-line-a}): always of this agent's city. The agent also sends that target's heartbeats.
         */
        Optional<String> target();

        /** The system of {@link #target()}'s service in the catalog. */
        @WithDefault("network")
        String targetSystem();
    }

    interface Spool {
        /** Folder of the spool (shared by the daemon and {@code exec}/{@code report}). */
        @WithDefault("${java.io.tmpdir}/mihari-agent-spool")
        Path dir();

        /** Most bytes kept; beyond this the {@link #whenFull()} policy applies. */
        @WithDefault("67108864")
        long maxBytes();

        /** DROP_OLDEST (keep the newest, send a GAP event) or REJECT_NEW. */
        @WithDefault("DROP_OLDEST")
        String whenFull();

        /** Encryption of the spooled events at rest (docs/security.md, "Agent spool at rest"). */
        Encryption encryption();
    }

    interface Encryption {
        /**
         * The key file (a JSON Web Key Set made by {@code mihari-agent spool-key generate}, readable by the agent's
         * user only). When set, every new event is encrypted and authenticated in the spool with AES-256-GCM under
         * the file's first key; its other keys only read events spooled before a rotation. Unset: events wait in
         * the spool unencrypted, and {@code run}, {@code check} and {@code status} warn about it.
         */
        Optional<Path> keyFile();

        /**
         * Whether events stored unencrypted (spooled before encryption was turned on, e.g. by the agent before an
         * upgrade) are still delivered. Set to false once {@code mihari-agent status} shows none waiting: from then
         * on an unencrypted record in the spool (e.g. put into a copy of it) is refused and counted, never sent.
         */
        @WithDefault("true")
        boolean deliverUnencrypted();
    }

    interface Masking {
        /**
         * Regular expressions whose matches in check messages, batch output tails and status messages have their
         * letters and digits replaced by {@code *}. Default: 12-digit individual numbers (マイナンバー), also 4-4-4.
         */
        @WithDefault(io.mihari.agent.ship.Masking.INDIVIDUAL_NUMBER)
        java.util.List<String> patterns();
    }

    interface Exec {
        /** Lines of a job's output kept for the event (the tail). */
        @WithDefault("40")
        int tailLines();

        /** How long {@code exec}/{@code report} try to hand their events to Kafka before leaving them spooled. */
        @WithDefault("15s")
        Duration deliveryTimeout();
    }
}
