package io.mihari.alert.store;

import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.detect.Signal;
import io.mihari.model.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates Mihari's topics when they are missing, with {@code mihari.ingest.partitions} partitions (the most
 * alert-service instances that can share the work). The event topic stamps records with the broker's time
 * ({@code LogAppendTime}), so how far behind ingest is can be measured without trusting agents' clocks.
 * Existing topics are left as they are.
 */
@ApplicationScoped
public class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    private final String bootstrapServers;
    private final int partitions;

    TopicSetup(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, AlertConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.partitions = config.ingest().partitions();
        if (partitions < 1) {
            throw new IllegalArgumentException("mihari.ingest.partitions must be at least 1, was " + partitions);
        }
    }

    /**
     * An event topic made before alert-service (e.g. auto-created by the first agent) is switched to the
     * broker's time, so that how far behind ingest is never depends on an agent's clock.
     */
    private void stampWithBrokerTime(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS);
        String type = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                .get("message.timestamp.type").value();
        if (!"LogAppendTime".equals(type)) {
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("message.timestamp.type", "LogAppendTime"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
            LOG.infof("topic %s now stamps records with the broker's time (was %s)", Topics.EVENTS, type);
        }
    }

    public void ensureTopics() {
        try (Admin admin = Admin.create(io.mihari.alert.config.KafkaClients.config(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000)))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (NewTopic topic : List.of(
                    new NewTopic(Topics.EVENTS, Optional.of(partitions), Optional.empty())
                            .configs(Map.of("message.timestamp.type", "LogAppendTime")),
                    new NewTopic(Topics.EVENTS_DLQ, Optional.of(partitions), Optional.empty()),
                    new NewTopic(Signal.TOPIC, Optional.of(partitions), Optional.empty()),
                    new NewTopic(Topics.INCIDENTS, Optional.of(partitions), Optional.empty()),
                    new NewTopic(Topics.COMMANDS, Optional.of(partitions), Optional.empty()),
                    new NewTopic(Topics.COMMANDS_DLQ, Optional.of(partitions), Optional.empty()))) {
                if (existing.contains(topic.name())) {
                    if (topic.name().equals(Topics.EVENTS)) {
                        stampWithBrokerTime(admin);
                    }
                    continue;
                }
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    LOG.infof("created topic %s with %d partitions", topic.name(), partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list Kafka topics at " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }
}
