package io.mihari.kafka;

import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Target;
import io.mihari.model.event.Topics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who may do what on Mihari's topics: the Kafka ACLs of a secured cluster, made from the catalog. Only what each
 * principal needs, nothing by default ({@code allow.everyone.if.no.acl.found=false}):
 * <ul>
 * <li>each registered server's agent ({@code agent.<tenant>.<host>}) may only WRITE its own city's event topic
 * ({@code mihari.events.v1.<tenant>}) — it reads nothing, writes no commands, and cannot speak for another city
 * (Kafka refuses the write; an event of another city's host on its own topic is dead-lettered {@code WRONG_TOPIC});</li>
 * <li>dashboard-api may only WRITE commands (it reads OpenSearch, not Kafka);</li>
 * <li>alert-service reads every city's event topic, the commands and its own signals, writes the dead-letter,
 * signal and incident topics, creates Mihari's topics and switches event topics to broker time, in consumer groups
 * named after its group id. Nobody else reads anything: commands and incidents carry people's names and mail.</li>
 * </ul>
 */
public final class KafkaAccess {

    /** The principals of the two services and the consumer group prefix of alert-service. */
    public record Principals(String alertService, String dashboard, String alertGroup) {
        public static final Principals DEFAULT = new Principals("mihari-alert", "mihari-dashboard",
                "mihari-alert-service");
    }

    private KafkaAccess() {
    }

    /** The SCRAM user name of a registered server's agent: {@code agent.<tenant>.<host>}. */
    public static String agentPrincipal(String tenant, String host) {
        return "agent." + tenant + "." + host;
    }

    /**
     * Every ACL binding of a secured cluster for this catalog.
     *
     * @throws IllegalArgumentException when two servers of the catalog would share an agent principal
     */
    public static List<AclBinding> plan(Catalog catalog, Principals principals) {
        List<AclBinding> acls = new ArrayList<>();
        for (Map.Entry<String, String> agent : agents(catalog).entrySet()) {
            acls.add(allow(agent.getKey(), ResourceType.TOPIC, Topics.events(agent.getValue()), PatternType.LITERAL,
                    AclOperation.WRITE));
        }
        acls.add(allow(principals.dashboard(), ResourceType.TOPIC, Topics.COMMANDS, PatternType.LITERAL,
                AclOperation.WRITE));
        String alert = principals.alertService();
        for (AclOperation op : List.of(AclOperation.READ, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS)) {
            acls.add(allow(alert, ResourceType.TOPIC, Topics.EVENTS_PREFIX, PatternType.PREFIXED, op));
        }
        acls.add(allow(alert, ResourceType.TOPIC, "mihari.", PatternType.PREFIXED, AclOperation.CREATE));
        for (String topic : List.of(Topics.EVENTS_DLQ, Topics.SIGNALS, Topics.INCIDENTS, Topics.COMMANDS_DLQ)) {
            acls.add(allow(alert, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
        }
        for (String topic : List.of(Topics.SIGNALS, Topics.COMMANDS)) {
            acls.add(allow(alert, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
        }
        acls.add(allow(alert, ResourceType.GROUP, principals.alertGroup(), PatternType.PREFIXED, AclOperation.READ));
        return acls;
    }

    /** Every registered server's agent principal and its tenant, sorted by principal. */
    static Map<String, String> agents(Catalog catalog) {
        Map<String, String> agents = new TreeMap<>();
        Map<String, String> targetOf = new LinkedHashMap<>();
        for (Target target : catalog.targets()) {
            String tenant = target.id().substring(0, target.id().indexOf('/'));
            String principal = agentPrincipal(tenant, target.host());
            String before = targetOf.putIfAbsent(principal, target.id());
            if (before != null && !before.equals(target.id())) {
                throw new IllegalArgumentException("targets '" + before + "' and '" + target.id()
                        + "' would share the agent principal '" + principal + "': rename one of them");
            }
            agents.put(principal, tenant);
        }
        return agents;
    }

    /** The tenants with an event topic. */
    public static TreeSet<String> tenants(Catalog catalog) {
        TreeSet<String> tenants = new TreeSet<>();
        catalog.tenants().forEach(t -> tenants.add(t.id()));
        catalog.services().forEach(s -> tenants.add(s.tenant()));
        return tenants;
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
    }

    /** One binding as the {@code kafka-acls.sh} arguments that add it (for operators who apply ACLs by hand). */
    public static String asCommand(AclBinding acl) {
        ResourcePattern r = acl.pattern();
        String resource = switch (r.resourceType()) {
            case TOPIC -> "--topic " + r.name();
            case GROUP -> "--group " + r.name();
            case CLUSTER -> "--cluster";
            case TRANSACTIONAL_ID -> "--transactional-id " + r.name();
            default -> throw new IllegalArgumentException("not used by Mihari: " + r.resourceType());
        };
        return "--add --allow-principal " + acl.entry().principal() + " --operation "
                + camel(acl.entry().operation().name()) + " " + resource
                + (r.patternType() == PatternType.PREFIXED ? " --resource-pattern-type prefixed" : "");
    }

    private static String camel(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }
}
