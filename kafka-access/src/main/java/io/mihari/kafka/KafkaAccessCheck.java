package io.mihari.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A component's check at its start: can it reach Kafka with its settings, and does the broker allow its principal
 * what it needs on each topic? A wrong password, an untrusted or expired certificate or a missing ACL stops the start
 * with one message that names the setting to fix ({@link KafkaProblems}) — rather than a service that starts and then
 * retries for ever. A broker without an authorizer (the local stack) allows everything; a topic that does not exist
 * yet is left to the component (it is made or waited for).
 */
public final class KafkaAccessCheck {

    /** The check's outcome: empty when everything needed is allowed, or the problems, one sentence each. */
    public record Outcome(List<String> problems, boolean answered) {
        public boolean ok() {
            return answered && problems.isEmpty();
        }
    }

    private KafkaAccessCheck() {
    }

    /**
     * @param client the component's client settings (servers, TLS, SASL)
     * @param prefix where the component keeps its Kafka settings (named in messages)
     * @param needed per topic, the operations the component's principal must be allowed
     * @param timeout how long to wait for Kafka's answer
     */
    public static Outcome check(Map<String, Object> client, String prefix, Map<String, Set<AclOperation>> needed,
            Duration timeout) {
        String bootstrap = String.valueOf(client.get("bootstrap.servers"));
        Map<String, Object> config = new HashMap<>(client);
        config.put("default.api.timeout.ms", (int) timeout.toMillis());
        config.put("request.timeout.ms", (int) Math.min(timeout.toMillis(), 15_000));
        List<String> problems = new ArrayList<>();
        try (Admin admin = Admin.create(config)) {
            Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(needed.keySet(),
                    new DescribeTopicsOptions().includeAuthorizedOperations(true)).topicNameValues();
            for (Map.Entry<String, Set<AclOperation>> want : new TreeMap<>(needed).entrySet()) {
                try {
                    TopicDescription d = described.get(want.getKey()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    Set<AclOperation> allowed = d.authorizedOperations();
                    if (allowed == null) {
                        continue; // the broker does not tell: no authorizer
                    }
                    for (AclOperation op : want.getValue()) {
                        if (!allowed.contains(op) && !allowed.contains(AclOperation.ALL)) {
                            problems.add("Kafka at " + bootstrap + " does not allow this client's principal to "
                                    + op + " topic " + want.getKey() + ": grant its ACLs (KafkaAccessTool plan, "
                                    + "docs/security.md) or check " + prefix + "sasl.jaas.config");
                        }
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        continue;
                    }
                    if (e.getCause() instanceof TopicAuthorizationException) {
                        problems.add("Kafka at " + bootstrap + " does not allow this client's principal to "
                                + String.join(" or ", want.getValue().stream().map(Enum::name).sorted().toList())
                                + " topic " + want.getKey() + ": grant its ACLs (KafkaAccessTool plan, "
                                + "docs/security.md) or check " + prefix + "sasl.jaas.config");
                        continue;
                    }
                    String explained = KafkaProblems.explain(e, bootstrap, prefix);
                    problems.add(explained != null ? explained : "Kafka at " + bootstrap + ": "
                            + e.getCause().getMessage());
                    return new Outcome(problems, explained == null);
                } catch (TimeoutException e) {
                    return new Outcome(List.of(KafkaProblems.noAnswer(bootstrap, prefix)), false);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(List.of("interrupted"), false);
        } catch (RuntimeException e) {
            String explained = KafkaProblems.explain(e, bootstrap, prefix);
            return new Outcome(List.of(explained != null ? explained : e.getMessage()), explained != null);
        }
        return new Outcome(problems, true);
    }
}
