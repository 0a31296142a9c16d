package io.mihari.agent.cli;

import io.mihari.agent.cloud.AwsCloudApi;
import io.mihari.agent.cloud.CloudApi;
import io.mihari.agent.cloud.CloudCollector;
import io.mihari.agent.cloud.CollectorConfig;
import io.mihari.agent.cloud.CollectorMetrics;
import io.mihari.agent.ship.AgentRuntime;
import io.mihari.agent.simulate.FleetSender;
import io.mihari.agent.simulate.KafkaFleetSender;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogException;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;
import io.mihari.model.event.Event;
import io.mihari.model.event.TargetId;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code mihari-agent cloud-collect}: agentless monitoring of a city's managed components (RDS, FSx, load
 * balancers, CloudWatch metrics, AWS Health) through the cloud's APIs — see {@link CloudCollector}. Its events go to
 * Kafka as the simulator's do (the city's topic, not spooled: a heartbeat replayed later would say a resource was up
 * when nobody knew).
 */
@Command(name = "cloud-collect", mixinStandardHelpOptions = true,
        description = "Read managed cloud components' state through the cloud's APIs (AWS SDK: RDS, FSx, ELBv2,"
                + " CloudWatch, AWS Health) and send, per component, a heartbeat and a liveness check for its catalog"
                + " target; a component whose state cannot be read gets no heartbeat. Agent id "
                + CloudCollector.AGENT_ID + ".")
public class CloudCollectCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(CloudCollectCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The collector's YAML/JSON: tenant, region, targets [{host, rds|fsx|elb|cloudwatch}], interval.")
    Path configFile;

    @Option(names = "--catalog", required = true, paramLabel = "FILE",
            description = "The catalog: every configured host must be one of the tenant's targets there.")
    Path catalogFile;

    @Option(names = "--kafka-config-dir", paramLabel = "DIR",
            description = "A folder whose <tenant>.properties adds Kafka settings (a secured cluster's login).")
    Path kafkaConfigDir;

    @Option(names = "--once", description = "Poll once, send, print the figures and exit (1 if a component was not read).")
    boolean once;

    private final Clock clock;
    private final Function<Optional<Path>, FleetSender> senders;
    private final Function<CollectorConfig, CloudApi> apis;

    @Inject
    CloudCollectCommand(AgentRuntime runtime, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this(runtime.clock(), dir -> new KafkaFleetSender(bootstrapServers, runtime.config().kafka(), dir),
                c -> new AwsCloudApi(c.region(), c.endpointOverride(), DefaultCredentialsProvider.builder().build()));
    }

    CloudCollectCommand(Clock clock, Function<Optional<Path>, FleetSender> senders,
            Function<CollectorConfig, CloudApi> apis) {
        this.clock = clock;
        this.senders = senders;
        this.apis = apis;
    }

    @Override
    public Integer call() throws Exception {
        CollectorConfig config;
        Map<String, String> systems;
        try {
            config = CollectorConfig.load(configFile);
            Catalog catalog = CatalogLoader.load(catalogFile);
            systems = new LinkedHashMap<>();
            config = againstCatalog(config, catalog, systems);
        } catch (IllegalArgumentException | CatalogException e) {
            spec.commandLine().getErr().println("cloud-collect: " + configFile + ": " + e.getMessage());
            return 2;
        }
        CollectorMetrics metrics = new CollectorMetrics();
        try (CloudApi api = apis.apply(config); FleetSender sender = senders.apply(Optional.ofNullable(kafkaConfigDir))) {
            CloudCollector collector = new CloudCollector(config, systems, api, clock, metrics);
            Round round = new Round(collector, sender, config);
            if (once) {
                int sent = round.run();
                spec.commandLine().getOut().printf("cloud-collect: %d events for %d of %d components%n%s", sent,
                        sent / 2, config.targets().size(), metrics.text());
                return sent / 2 == config.targets().size() && round.lastProblem == null ? 0 : 1;
            }
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "mihari-cloud-collector");
                thread.setDaemon(true);
                return thread;
            });
            try {
                scheduler.scheduleAtFixedRate(round::runLogged, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
                LOG.infof("mihari-cloud-collector running: %d components of %s in %s, every %s", config.targets().size(),
                        config.tenant(), config.region(), config.interval());
                Quarkus.waitForExit();
            } finally {
                scheduler.shutdownNow();
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        return 0;
    }

    /**
     * Checks every host against the catalog (a target of the tenant), fills {@code systems}, and sets or checks the
     * interval: polling less often than the catalog expects heartbeats would show the component DOWN between polls.
     */
    static CollectorConfig againstCatalog(CollectorConfig config, Catalog catalog, Map<String, String> systems) {
        Duration expected = null;
        for (int i = 0; i < config.targets().size(); i++) {
            String host = config.targets().get(i).host();
            String id = TargetId.of(config.tenant(), host);
            Optional<Target> target = catalog.target(id);
            Optional<Service> service = catalog.serviceOfTarget(id);
            if (target.isEmpty() || service.isEmpty()) {
                throw new IllegalArgumentException("targets[" + i + "].host: '" + host + "' is not a target of "
                        + config.tenant() + " in the catalog");
            }
            systems.put(host, service.get().system());
            Duration every = target.get().heartbeatInterval();
            if (expected == null || every.compareTo(expected) < 0) {
                expected = every;
            }
        }
        if (!config.intervalGiven()) {
            return config.withInterval(expected);
        }
        if (config.interval().compareTo(expected) > 0) {
            throw new IllegalArgumentException("interval: " + config.interval().toSeconds() + " s is longer than the"
                    + " catalog's heartbeat interval of these targets (" + expected.toSeconds() + " s): they would be"
                    + " DOWN between polls; poll at most every " + expected.toSeconds() + " s or set the targets'"
                    + " heartbeatInterval in the catalog");
        }
        return config;
    }

    /** One poll: the events sent and flushed; a Kafka problem logged when it starts and when it ends. */
    private static final class Round {
        private final CloudCollector collector;
        private final FleetSender sender;
        private final CollectorConfig config;
        private String lastProblem;

        Round(CloudCollector collector, FleetSender sender, CollectorConfig config) {
            this.collector = collector;
            this.sender = sender;
            this.config = config;
        }

        int run() {
            List<Event> events = collector.poll();
            int sent = 0;
            for (Event event : events) {
                if (!sender.send(event)) {
                    break;
                }
                sent++;
            }
            String problem = events.isEmpty() ? null : sender.flush();
            if (problem != null && !problem.equals(lastProblem)) {
                LOG.warnf("cloud-collect: events not sent (dropped, not spooled): %s", problem);
            } else if (problem == null && lastProblem != null) {
                LOG.info("cloud-collect: events are sent again");
            }
            lastProblem = problem;
            return problem == null ? sent : 0;
        }

        void runLogged() {
            try {
                run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "cloud-collect round failed; next in %s", config.interval()); // never kills the schedule
            }
        }
    }
}
