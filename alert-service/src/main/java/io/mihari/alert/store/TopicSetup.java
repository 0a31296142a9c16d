package io.mihari.alert.store;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.catalog.CatalogReloaded;
import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.detect.Signal;
import io.mihari.alert.config.KafkaClients;
import io.mihari.kafka.KafkaAccessCheck;
import io.mihari.kafka.KafkaProblems;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates Mihari's topics when they are missing, with {@code mihari.ingest.partitions} partitions (the most
 * alert-service instances that can share the work): one event topic per tenant of the catalog
 * ({@code mihari.events.v1.<tenant>}, made again for a tenant added by a catalog reload) and the shared ones. Event
 * topics stamp records with the broker's time ({@code LogAppendTime}), so how far behind ingest is can be measured
 * without trusting agents' clocks. Existing topics keep their partitions.
 */
@ApplicationScoped
public class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    private final String bootstrapServers;
    private final int partitions;
    private final CatalogHolder catalog;

    TopicSetup(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, AlertConfig config,
            CatalogHolder catalog) {
        this.bootstrapServers = bootstrapServers;
        this.catalog = catalog;
        this.partitions = config.ingest().partitions();
        if (partitions < 1) {
            throw new IllegalArgumentException("mihari.ingest.partitions must be at least 1, was " + partitions);
        }
    }

    /**
     * An event topic made before alert-service (e.g. auto-created by the first agent) is switched to the
     * broker's time, so that how far behind ingest is never depends on an agent's clock.
     */
    private void stampWithBrokerTime(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        String type = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                .get("message.timestamp.type").value();
        if (!"LogAppendTime".equals(type)) {
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("message.timestamp.type", "LogAppendTime"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
            LOG.infof("topic %s now stamps records with the broker's time (was %s)", topic, type);
        }
    }

    /** The event topics of every tenant the catalog knows (its tenants and its services' tenants). */
    static Set<String> eventTopics(Catalog catalog) {
        Set<String> topics = new TreeSet<>();
        catalog.tenants().forEach(t -> topics.add(Topics.events(t.id())));
        catalog.services().forEach(s -> topics.add(Topics.events(s.tenant())));
        return topics;
    }

    /** @throws IllegalStateException when Kafka cannot be reached or refuses a topic (the message says which) */
    public void ensureTopics() {
        List<NewTopic> wanted = new ArrayList<>();
        for (String topic : eventTopics(catalog.get())) {
            wanted.add(new NewTopic(topic, Optional.of(partitions), Optional.empty())
                    .configs(Map.of("message.timestamp.type", "LogAppendTime")));
        }
        for (String topic : List.of(Topics.EVENTS_DLQ, Signal.TOPIC, Topics.INCIDENTS, Topics.COMMANDS,
                Topics.COMMANDS_DLQ)) {
            wanted.add(new NewTopic(topic, Optional.of(partitions), Optional.empty()));
        }
        try (Admin admin = Admin.create(io.mihari.alert.config.KafkaClients.config(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000)))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (NewTopic topic : wanted) {
                if (existing.contains(topic.name())) {
                    if (Topics.tenantOf(topic.name()) != null) {
                        stampWithBrokerTime(admin, topic.name());
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
        } catch (ExecutionException e) {
            String explained = KafkaProblems.explain(e, bootstrapServers, KafkaClients.PREFIX);
            throw new IllegalStateException(explained != null ? explained
                    : "cannot list Kafka topics at " + bootstrapServers + ": " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(KafkaProblems.noAnswer(bootstrapServers, KafkaClients.PREFIX), e);
        }
        verifyAccess();
    }

    /**
     * Stops the start when the broker does not allow alert-service's principal what it needs (a secured cluster
     * without its ACLs): one line per missing permission, naming the topic. Without an answer it only warns.
     */
    private void verifyAccess() {
        Map<String, Set<AclOperation>> needed = new java.util.HashMap<>();
        for (String topic : eventTopics(catalog.get())) {
            needed.put(topic, Set.of(AclOperation.READ));
        }
        for (String topic : List.of(Topics.EVENTS_DLQ, Topics.INCIDENTS, Topics.COMMANDS_DLQ)) {
            needed.put(topic, Set.of(AclOperation.WRITE));
        }
        needed.put(Topics.SIGNALS, Set.of(AclOperation.READ, AclOperation.WRITE));
        needed.put(Topics.COMMANDS, Set.of(AclOperation.READ));
        KafkaAccessCheck.Outcome outcome = KafkaAccessCheck.check(KafkaClients.config(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)), KafkaClients.PREFIX, needed,
                java.time.Duration.ofSeconds(30));
        if (!outcome.answered()) {
            LOG.warnf("cannot check what Kafka allows alert-service: %s", String.join("; ", outcome.problems()));
        } else if (!outcome.problems().isEmpty()) {
            throw new IllegalStateException(String.join("\n", outcome.problems()));
        }
    }

    /** A tenant added to the catalog gets its event topic at once (its agents may write only there). */
    void onCatalogReloaded(@Observes CatalogReloaded reloaded) {
        Set<String> added = eventTopics(reloaded.current());
        added.removeAll(eventTopics(reloaded.previous()));
        if (added.isEmpty()) {
            return;
        }
        try {
            ensureTopics();
        } catch (RuntimeException e) {
            LOG.errorf("cannot create the event topics %s of the reloaded catalog (%s); their events wait in Kafka "
                    + "or are refused until they exist", added, e.getMessage());
        }
    }
}
