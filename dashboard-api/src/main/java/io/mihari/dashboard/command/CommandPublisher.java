package io.mihari.dashboard.command;

import io.mihari.kafka.KafkaAccessCheck;
import io.mihari.kafka.KafkaSettings;
import io.mihari.model.command.Command;
import io.mihari.model.event.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes people's commands on {@link Topics#COMMANDS}, signed ({@link CommandSigner}) and keyed by service (one
 * service's commands stay in order), and waits for every replica's acknowledgement: a 202 means the command is safely
 * in Kafka.
 */
@ApplicationScoped
public class CommandPublisher {

    /** Where dashboard-api keeps its Kafka settings. */
    static final String PREFIX = "kafka.";
    private static final Logger LOG = Logger.getLogger(CommandPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Object> client;
    private final CommandSigner signer;

    CommandPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, CommandSigner signer) {
        this.signer = signer;
        Config config = ConfigProvider.getConfig();
        // TLS and SASL as configured (kafka.security.protocol, kafka.ssl.*, kafka.sasl.*): dashboard-api's principal
        // may only write commands
        this.client = KafkaSettings.with(KafkaSettings.connection(config.getPropertyNames(),
                name -> config.getOptionalValue(name, String.class), PREFIX),
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        Map<String, Object> own = new java.util.HashMap<>(client);
        own.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "mihari-dashboard-commands",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000));
        producer = new KafkaProducer<>(own, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * At the start: a wrong password, an untrusted certificate or a missing ACL to write commands stops dashboard-api
     * with a message naming the setting; Kafka not answering only warns (writes answer 503 until it does).
     */
    void checkAccess(@Observes StartupEvent event) {
        KafkaAccessCheck.Outcome outcome = KafkaAccessCheck.check(client, PREFIX,
                Map.of(Topics.COMMANDS, Set.of(AclOperation.WRITE)), Duration.ofSeconds(10));
        if (!outcome.answered()) {
            LOG.warnf("cannot check what Kafka allows dashboard-api: %s", String.join("; ", outcome.problems()));
        } else if (!outcome.problems().isEmpty()) {
            throw new IllegalStateException(String.join("\n", outcome.problems()));
        }
    }

    /** @throws CommandNotPublishedException when Kafka did not take it (nothing happens; the person may retry) */
    public void publish(Command command) {
        try {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, command.serviceId(), signer.sign(command)))
                    .get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandNotPublishedException(e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new CommandNotPublishedException(e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Kafka did not acknowledge the command. */
    public static class CommandNotPublishedException extends RuntimeException {
        CommandNotPublishedException(Throwable cause) {
            super("the command could not be handed to Kafka: " + cause.getMessage(), cause);
        }
    }
}
