package io.mihari.agent.cli;

import io.mihari.agent.simulate.FleetSender;
import io.mihari.agent.simulate.KafkaFleetSender;
import io.mihari.agent.simulate.SimulatedFleet;
import io.mihari.agent.ship.AgentRuntime;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogException;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.event.Event;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code mihari-agent simulate}: a healthy simulated fleet ({@link SimulatedFleet}) for the catalog's servers, sent
 * through Kafka like the agent's events, so a demonstration or the quick start shows a board that is mostly green.
 * Every event is marked as simulated (agent id {@value SimulatedFleet#AGENT_ID}). Never for production: the servers
 * are said to be well whatever they really are.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Send a healthy simulated fleet's events (heartbeats, a passing check, resource samples) for every"
                + " server of the catalog except those a real agent watches; every event is marked agentId "
                + SimulatedFleet.AGENT_ID + ". For demonstrations only.")
public class SimulateCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(SimulateCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--catalog", required = true, paramLabel = "FILE", description = "The catalog whose servers to simulate.")
    Path catalog;

    @Option(names = "--except", split = ",", paramLabel = "HOST",
            description = "Host names a real agent watches (comma-separated or repeated): not simulated.")
    List<String> except = List.of();

    @Option(names = "--kafka-config-dir", paramLabel = "DIR",
            description = "A folder whose <tenant>.properties adds Kafka settings for that city's producer (a secured"
                    + " cluster: the login agent.<tenant>.mihari-simulator); mihari.agent.kafka.* apply to all.")
    Path kafkaConfigDir;

    @Option(names = "--drop-file", paramLabel = "FILE", description = "A file read every second, if it exists: lines"
            + " 'tenant/host until' (an ISO-8601 instant, e.g. kurashiki/krs-line-a 2026-12-06T03:04:00Z) whose simulated"
            + " checks fail until then, heartbeats going on (a line dropped: its pair fails over). '#' starts a comment;"
            + " the file's removal ends every drop.")
    Path dropFile;

    @Option(names = "--once", description = "Send what is due now (every server's first events) and exit.")
    boolean once;

    @Option(names = "--list-logins", description = "Print, one per line, the tenant/host of each city's first simulated"
            + " server, whose Kafka login (agent.<tenant>.<host>, allowed to write the city's topic) that city's"
            + " producer uses on a secured cluster, and exit.")
    boolean listLogins;

    private final Clock clock;
    private final java.util.function.Function<Optional<Path>, FleetSender> senders;

    @Inject
    SimulateCommand(AgentRuntime runtime, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this(runtime.clock(), dir -> new KafkaFleetSender(bootstrapServers, runtime.config().kafka(), dir));
    }

    /** @param senders makes the sender, given {@code --kafka-config-dir} */
    SimulateCommand(Clock clock, java.util.function.Function<Optional<Path>, FleetSender> senders) {
        this.clock = clock;
        this.senders = senders;
    }

    @Override
    public Integer call() throws Exception {
        Catalog loaded;
        try {
            loaded = CatalogLoader.load(catalog);
        } catch (CatalogException e) {
            spec.commandLine().getErr().println("simulate: " + e.getMessage());
            return 2;
        }
        Set<String> skipped = new HashSet<>(except);
        SimulatedFleet fleet = new SimulatedFleet(loaded, skipped, clock.instant());
        if (fleet.targets().isEmpty()) {
            spec.commandLine().getErr().println("simulate: no server of " + catalog + " is left to simulate");
            return 2;
        }
        if (listLogins) {
            java.util.Map<String, String> first = new java.util.LinkedHashMap<>();
            fleet.targets().forEach(t -> first.putIfAbsent(t.substring(0, t.indexOf('/')), t));
            first.values().forEach(spec.commandLine().getOut()::println);
            return 0;
        }
        try (FleetSender sender = senders.apply(Optional.ofNullable(kafkaConfigDir))) {
            Tick tick = new Tick(fleet, sender, clock::instant, dropFile);
            if (once) {
                String problem = tick.run();
                spec.commandLine().getOut().printf("simulate: %d events for %d servers%s%n", tick.sent,
                        fleet.targets().size(), problem == null ? "" : "; not all sent: " + problem);
                return problem == null ? 0 : 1;
            }
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "mihari-simulator");
                thread.setDaemon(true);
                return thread;
            });
            try {
                scheduler.scheduleWithFixedDelay(tick::runLogged, 0, 1, TimeUnit.SECONDS);
                LOG.infof("mihari-simulator running: %d servers of %s (all but %s), marked agentId %s",
                        fleet.targets().size(), catalog, skipped.isEmpty() ? "none" : String.join(", ", skipped),
                        SimulatedFleet.AGENT_ID);
                Quarkus.waitForExit();
            } finally {
                scheduler.shutdownNow();
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        return 0;
    }

    /** One round: what is due now, sent and flushed. A Kafka problem is logged when it starts and when it ends. */
    private static final class Tick {
        private final SimulatedFleet fleet;
        private final FleetSender sender;
        private final Supplier<Instant> now;
        private final Path dropFile;
        private long sent;
        private String lastProblem;
        /** what the drop file said when last read (its modification time and size), so it is read once per change */
        private String dropStamp = "";

        Tick(SimulatedFleet fleet, FleetSender sender, Supplier<Instant> now, Path dropFile) {
            this.fleet = fleet;
            this.sender = sender;
            this.now = now;
            this.dropFile = dropFile;
        }

        String run() {
            Instant at = now.get();
            readDrops(at);
            List<Event> due = fleet.due(at);
            for (Event event : due) {
                if (!sender.send(event)) {
                    break; // the rest of the round is dropped; the schedule moves on
                }
                sent++;
            }
            return due.isEmpty() ? null : sender.flush();
        }

        /** Applies the drop file when it changed (or went away); a bad line is logged and left out. */
        private void readDrops(Instant at) {
            if (dropFile == null) {
                return;
            }
            String stamp;
            try {
                stamp = java.nio.file.Files.exists(dropFile) ? java.nio.file.Files.getLastModifiedTime(dropFile) + "/"
                        + java.nio.file.Files.size(dropFile) : "";
            } catch (java.io.IOException e) {
                return; // being replaced: read on the next round
            }
            if (stamp.equals(dropStamp)) {
                return;
            }
            dropStamp = stamp;
            java.util.Map<String, Instant> until = new java.util.LinkedHashMap<>();
            if (!stamp.isEmpty()) {
                try {
                    for (String raw : java.nio.file.Files.readAllLines(dropFile)) {
                        String line = raw.replaceAll("#.*", "").trim();
                        if (line.isEmpty()) {
                            continue;
                        }
                        String[] parts = line.split("\\s+");
                        try {
                            if (parts.length != 2 || !parts[0].contains("/")) {
                                throw new IllegalArgumentException("not 'tenant/host until'");
                            }
                            until.put(parts[0], Instant.parse(parts[1]));
                        } catch (RuntimeException e) {
                            LOG.warnf("%s: '%s' left out: %s (expected e.g. 'kurashiki/krs-line-a 2026-12-06T03:04:00Z')",
                                    dropFile, raw, e.getMessage());
                        }
                    }
                } catch (java.io.IOException e) {
                    LOG.warnf("cannot read %s (%s)", dropFile, e.getMessage());
                    return;
                }
            }
            List<String> dropped = fleet.dropUntil(until, at);
            if (dropped.isEmpty()) {
                LOG.infof("simulated fleet: no target dropped (%s)", stamp.isEmpty() ? dropFile + " absent" : dropFile);
            } else {
                dropped.forEach(t -> LOG.infof("simulated fleet: %s dropped until %s (its checks fail; %s)", t,
                        until.get(t), dropFile));
            }
        }

        void runLogged() {
            try {
                String problem = run();
                if (problem != null && !problem.equals(lastProblem)) {
                    LOG.warnf("simulated events not sent (dropped, not spooled): %s", problem);
                } else if (problem == null && lastProblem != null) {
                    LOG.info("simulated events are sent again");
                }
                lastProblem = problem;
            } catch (RuntimeException e) {
                LOG.errorf(e, "simulation round failed; next in 1 s"); // never kills the schedule
            }
        }
    }
}
