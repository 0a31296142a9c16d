package io.mihari.alert.command;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.config.KafkaClients;
import io.mihari.alert.detect.Signal;
import io.mihari.alert.detect.SignalPublisher;
import io.mihari.alert.incident.CommandOutcome;
import io.mihari.alert.ingest.DeadLetters;
import io.mihari.model.catalog.Service;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandCodec;
import io.mihari.model.command.CommandPermissions;
import io.mihari.model.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Hands people's commands from {@code mihari.commands.v1} to the owner of their service: each command signed by
 * dashboard-api ({@link CommandVerifier}) and valid
 * becomes a signal keyed by its service on {@link Signal#TOPIC}, where the one instance running that service
 * applies it in order with the service's other signals. A command that cannot be read, is invalid, names an
 * unknown service or comes from someone outside the service's city or vendor goes to
 * {@link Topics#COMMANDS_DLQ} with the reason, and its rejection is recorded for the issuer to see. Offsets
 * are committed only after the signals (or dead letters) are acknowledged: nothing is lost.
 */
@ApplicationScoped
public class CommandBridge {

    private static final Logger LOG = Logger.getLogger(CommandBridge.class);

    private final AlertConfig config;
    private final String bootstrapServers;
    private final SignalPublisher signals;
    private final CommandOutcomes outcomes;
    private final CatalogHolder catalog;
    private final Clock clock;
    private final io.mihari.alert.ingest.IntakeMetrics metrics;
    private final io.mihari.alert.ingest.DeadLetterMarkers markers;
    private final CommandVerifier verifier;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    CommandBridge(AlertConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            SignalPublisher signals, CommandOutcomes outcomes, CatalogHolder catalog, Clock clock,
            io.mihari.alert.ingest.IntakeMetrics metrics, io.mihari.alert.ingest.DeadLetterMarkers markers,
            CommandVerifier verifier) {
        this.verifier = verifier;
        this.metrics = metrics;
        this.markers = markers;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.signals = signals;
        this.outcomes = outcomes;
        this.catalog = catalog;
        this.clock = clock;
    }

    public void start() {
        thread = new Thread(this::run, "mihari-commands");
        thread.start();
    }

    public void stop() throws InterruptedException {
        stopped.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
    }

    private void run() {
        io.mihari.alert.config.RestartingLoop.run(LOG, "the command bridge", stopped, config.ingest().retryBackoff(),
                config.ingest().maxRetryBackoff(), this::bridge);
    }

    /** Reads commands and hands them over; nothing is committed past a command not yet handed over or dead-lettered. */
    private void bridge() throws InterruptedException {
        try (DeadLetters dead = new DeadLetters(bootstrapServers, Topics.COMMANDS_DLQ, markers, metrics, clock);
                KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaClients.consumer(bootstrapServers,
                        config.ingest().groupId() + "-commands", "mihari-alert-commands", 100,
                        config.ingest().sessionTimeout()), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            if (stopped.getCount() == 0) {
                return;
            }
            c.subscribe(List.of(Topics.COMMANDS));
            while (stopped.getCount() > 0) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<Signal> valid = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    handOver(r, dead).ifPresent(valid::add);
                }
                if (signals.publish(valid) != valid.size()) {
                    // nothing committed: the same commands are read again (applying them is idempotent)
                    throw new IllegalStateException("signals not acknowledged by Kafka");
                }
                if (!dead.settle(Duration.ofSeconds(35))) {
                    throw new IllegalStateException("dead letters of commands could be written nowhere yet");
                }
                c.commitSync();
            }
        } finally {
            consumer = null;
        }
    }

    /**
     * The command as a signal for its service's owner, or empty after dead-lettering it with the reason. A record not
     * signed by a trusted dashboard-api key is refused before anything in it is read or recorded: its id and actor
     * are whatever its sender wished (an outcome recorded under that id would block the real command of that id).
     */
    private Optional<Signal> handOver(ConsumerRecord<String, byte[]> r, DeadLetters dead) {
        byte[] signed;
        try {
            signed = verifier.verify(r.value());
        } catch (CommandVerifier.Refused e) {
            dead.send(r, e.reason(), e.getMessage());
            return Optional.empty();
        }
        Command command;
        try {
            command = CommandCodec.decode(signed);
        } catch (IllegalArgumentException e) {
            LOG.warnf("unreadable command at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
            dead.send(r, io.mihari.alert.ingest.DeadLetterReason.INVALID_COMMAND, e.getMessage());
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>(command.problems(clock.instant()));
        if (problems.isEmpty()) {
            problems.addAll(scopeProblems(command));
        }
        if (problems.isEmpty()) {
            return Optional.of(Signal.of(command));
        }
        String reason = String.join("; ", problems);
        LOG.warnf("invalid command %s: %s", command.commandId(), reason);
        dead.send(r, io.mihari.alert.ingest.DeadLetterReason.INVALID_COMMAND, reason);
        if (command.commandId() != null && !command.commandId().isBlank() && command.commandId().length() <= 100) {
            outcomes.record(command, CommandOutcome.rejected(reason), clock.instant());
        }
        return Optional.empty();
    }

    /**
     * The service must exist, and the actor may issue this command on it ({@link CommandPermissions}: the same rule
     * dashboard-api applies before it publishes). A party's command on an incident of a service another party operates
     * is judged once the incident is at hand (its responsible party), by the owner of the service.
     */
    private List<String> scopeProblems(Command command) {
        Optional<Service> service = catalog.get().service(command.serviceId());
        if (service.isEmpty()) {
            return List.of("serviceId: unknown service " + command.serviceId());
        }
        return CommandPermissions.refusalBeforeIncident(command, service.get()).map(List::of).orElse(List.of());
    }
}
