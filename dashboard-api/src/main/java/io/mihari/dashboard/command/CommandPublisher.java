package io.mihari.dashboard.command;

import io.mihari.model.command.Command;
import io.mihari.model.event.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;
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

    private final KafkaProducer<String, byte[]> producer;
    private final CommandSigner signer;

    CommandPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, CommandSigner signer) {
        this.signer = signer;
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "mihari-dashboard-commands",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000),
                new StringSerializer(), new ByteArraySerializer());
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
