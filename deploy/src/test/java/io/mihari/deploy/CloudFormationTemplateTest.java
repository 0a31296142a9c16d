package io.mihari.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * deploy/aws/mihari-aws.yaml, offline: read with CloudFormation's short forms ({@code !Ref}, {@code !Sub}, …);
 * every resource's type and properties checked against the CloudFormation resource specification (AWS's,
 * src/test/resources/schemas, see the README there): unknown properties, missing required ones, wrong shapes;
 * every {@code Ref}, {@code GetAtt} and {@code ${…}} of {@code Sub} names a parameter, resource or attribute that
 * exists; and the encryption docs/deploy.md promises: one customer-managed key with rotation, used by MSK, its
 * SCRAM secrets and OpenSearch, with TLS everywhere.
 */
class CloudFormationTemplateTest {

    static final Path TEMPLATE = KubernetesManifestsTest.DEPLOY.resolve("aws/mihari-aws.yaml");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> PSEUDO = Set.of("AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::StackName",
            "AWS::StackId", "AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs");
    static JsonNode spec;

    @BeforeAll
    static void loadSpec() throws IOException {
        try (InputStream in = CloudFormationTemplateTest.class
                .getResourceAsStream("/schemas/cfn-resource-specification-subset.json")) {
            spec = JSON.readTree(in);
        }
    }

    /** YAML with CloudFormation's tags, as the long forms ({@code !Ref X} is {@code {Ref: X}}). */
    static JsonNode read(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return JSON.valueToTree(new Yaml(new CloudFormationConstructor(options)).load(yaml));
    }

    static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor(LoaderOptions options) {
            super(options);
            for (String fn : List.of("Ref", "Condition", "Sub", "GetAtt", "Join", "Select", "Split", "If", "Equals",
                    "Not", "And", "Or", "FindInMap", "Base64", "Cidr", "GetAZs", "ImportValue")) {
                String key = fn.equals("Ref") || fn.equals("Condition") ? fn : "Fn::" + fn;
                yamlConstructors.put(new Tag("!" + fn), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value;
                        if (node instanceof ScalarNode s) {
                            value = fn.equals("GetAtt") ? List.of(s.getValue().split("\\.", 2)) : s.getValue();
                        } else if (node instanceof SequenceNode q) {
                            value = constructSequence(q);
                        } else {
                            value = constructMapping((MappingNode) node);
                        }
                        return Map.of(key, value);
                    }
                });
            }
        }
    }

    static List<String> problems(JsonNode template) {
        List<String> problems = new ArrayList<>();
        JsonNode resources = template.path("Resources");
        JsonNode parameters = template.path("Parameters");
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getValue().path("Type").asText();
            JsonNode resourceSpec = spec.path("ResourceTypes").path(type);
            if (resourceSpec.isMissingNode()) {
                problems.add("Resources." + e.getKey() + ": Type " + type + " is not in the specification subset "
                        + "(a typo, or add the type to it: src/test/resources/schemas/README.md)");
                continue;
            }
            checkProperties(e.getValue().path("Properties"), resourceSpec, type, "Resources." + e.getKey()
                    + ".Properties", problems);
        }
        // every reference names something that exists
        List<JsonNode> refs = new ArrayList<>(template.findValues("Ref"));
        for (JsonNode ref : refs) {
            String name = ref.asText();
            if (!resources.has(name) && !parameters.has(name) && !PSEUDO.contains(name)) {
                problems.add("Ref " + name + ": no such parameter or resource");
            }
        }
        for (JsonNode getAtt : template.findValues("Fn::GetAtt")) {
            String name = getAtt.path(0).asText();
            String attribute = getAtt.path(1).asText();
            String type = resources.path(name).path("Type").asText();
            if (!resources.has(name)) {
                problems.add("GetAtt " + name + "." + attribute + ": no such resource");
            } else if (!spec.path("ResourceTypes").path(type).path("Attributes").has(attribute)) {
                problems.add("GetAtt " + name + "." + attribute + ": " + type + " has no attribute " + attribute);
            }
        }
        Pattern variable = Pattern.compile("\\$\\{([^!}][^}]*)}");
        for (JsonNode sub : template.findValues("Fn::Sub")) {
            String text = sub.isArray() ? sub.path(0).asText() : sub.asText();
            Matcher m = variable.matcher(text);
            while (m.find()) {
                String name = m.group(1);
                String head = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                if (!PSEUDO.contains(name) && !parameters.has(name) && !resources.has(head)
                        && !(sub.isArray() && sub.path(1).has(name))) {
                    problems.add("Sub ${" + name + "}: no such parameter, resource or variable");
                }
            }
        }
        return problems;
    }

    private static void checkProperties(JsonNode properties, JsonNode typeSpec, String type, String path,
            List<String> problems) {
        JsonNode known = typeSpec.path("Properties");
        if (!properties.isObject()) {
            if (!properties.isMissingNode() && !intrinsic(properties)) {
                problems.add(path + ": expected an object");
            }
            if (properties.isMissingNode()) {
                known.fields().forEachRemaining(p -> {
                    if (p.getValue().path("Required").asBoolean()) {
                        problems.add(path + "." + p.getKey() + ": required");
                    }
                });
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            JsonNode propertySpec = known.path(p.getKey());
            if (propertySpec.isMissingNode()) {
                List<String> names = new ArrayList<>();
                known.fieldNames().forEachRemaining(names::add);
                problems.add(path + "." + p.getKey() + ": unknown property"
                        + KubernetesSchema.suggestion(p.getKey(), Set.copyOf(names))
                                .map(s -> " (did you mean " + s + "?)").orElse(""));
                continue;
            }
            checkValue(p.getValue(), propertySpec, type, path + "." + p.getKey(), problems);
        }
        known.fields().forEachRemaining(p -> {
            if (p.getValue().path("Required").asBoolean() && !properties.has(p.getKey())) {
                problems.add(path + "." + p.getKey() + ": required");
            }
        });
    }

    private static void checkValue(JsonNode value, JsonNode propertySpec, String type, String path,
            List<String> problems) {
        if (intrinsic(value)) {
            return; // its value is known at deployment only
        }
        String primitive = propertySpec.path("PrimitiveType").asText(null);
        if (primitive != null) {
            checkPrimitive(value, primitive, path, problems);
            return;
        }
        String container = propertySpec.path("Type").asText();
        if (container.equals("List") || container.equals("Map")) {
            boolean list = container.equals("List");
            if (list ? !value.isArray() : !value.isObject()) {
                problems.add(path + ": expected a " + container.toLowerCase());
                return;
            }
            String itemPrimitive = propertySpec.path("PrimitiveItemType").asText(null);
            Iterator<Map.Entry<String, JsonNode>> items = list ? indexed(value) : value.fields();
            while (items.hasNext()) {
                Map.Entry<String, JsonNode> item = items.next();
                String at = path + (list ? "[" + item.getKey() + "]" : "." + item.getKey());
                if (itemPrimitive != null) {
                    if (!intrinsic(item.getValue())) {
                        checkPrimitive(item.getValue(), itemPrimitive, at, problems);
                    }
                } else {
                    checkNested(item.getValue(), propertySpec.path("ItemType").asText(), type, at, problems);
                }
            }
            return;
        }
        checkNested(value, container, type, path, problems);
    }

    private static void checkNested(JsonNode value, String name, String type, String path, List<String> problems) {
        if (intrinsic(value)) {
            return;
        }
        JsonNode nested = spec.path("PropertyTypes").path(name.equals("Tag") ? "Tag" : type + "." + name);
        if (nested.isMissingNode()) {
            problems.add(path + ": the specification has no property type " + name);
            return;
        }
        checkProperties(value, nested, type, path, problems);
    }

    private static void checkPrimitive(JsonNode value, String primitive, String path, List<String> problems) {
        boolean ok = switch (primitive) {
            case "String" -> value.isValueNode();
            case "Integer", "Long", "Double" -> value.isNumber() || value.asText().matches("-?\\d+(\\.\\d+)?");
            case "Boolean" -> value.isBoolean() || value.asText().matches("true|false");
            case "Json" -> value.isObject() || value.isTextual();
            default -> true;
        };
        if (!ok) {
            problems.add(path + ": expected " + primitive + ", got " + value);
        }
    }

    private static boolean intrinsic(JsonNode value) {
        if (!value.isObject() || value.size() != 1) {
            return false;
        }
        String key = value.fieldNames().next();
        return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
    }

    private static Iterator<Map.Entry<String, JsonNode>> indexed(JsonNode array) {
        Map<String, JsonNode> items = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            items.put(String.valueOf(i), array.get(i));
        }
        return items.entrySet().iterator();
    }

    @Test
    void theTemplateFollowsTheCloudFormationSpecification() throws IOException {
        JsonNode template = read(Files.readString(TEMPLATE));
        assertThat(problems(template)).isEmpty();
        assertThat(template.path("Resources").size()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void oneCustomerManagedKeyWithRotationEncryptsEverythingAtRestAndTlsIsEverywhere() throws IOException {
        JsonNode r = read(Files.readString(TEMPLATE)).path("Resources");
        assertThat(r.path("MihariKey").path("Properties").path("EnableKeyRotation").asBoolean()).isTrue();
        JsonNode msk = r.path("KafkaCluster").path("Properties");
        assertThat(msk.path("EncryptionInfo").path("EncryptionAtRest").path("DataVolumeKMSKeyId").toString())
                .isEqualTo("{\"Fn::GetAtt\":[\"MihariKey\",\"Arn\"]}");
        assertThat(msk.path("EncryptionInfo").path("EncryptionInTransit").path("ClientBroker").asText())
                .isEqualTo("TLS");
        assertThat(msk.path("EncryptionInfo").path("EncryptionInTransit").path("InCluster").asBoolean()).isTrue();
        assertThat(msk.path("ClientAuthentication").path("Sasl").path("Scram").path("Enabled").asBoolean()).isTrue();
        assertThat(msk.path("ClientAuthentication").path("Unauthenticated").path("Enabled").asBoolean()).isFalse();
        for (JsonNode secretArn : msk.isMissingNode() ? List.<JsonNode>of()
                : r.path("KafkaLogins").path("Properties").path("SecretArnList")) {
            JsonNode secret = r.path(secretArn.path("Ref").asText()).path("Properties");
            assertThat(secret.path("Name").asText()).startsWith("AmazonMSK_");
            assertThat(secret.path("KmsKeyId").toString()).isEqualTo("{\"Ref\":\"MihariKey\"}");
        }
        JsonNode os = r.path("OpenSearchDomain").path("Properties");
        assertThat(os.path("EncryptionAtRestOptions").path("Enabled").asBoolean()).isTrue();
        assertThat(os.path("EncryptionAtRestOptions").path("KmsKeyId").toString()).isEqualTo("{\"Ref\":\"MihariKey\"}");
        assertThat(os.path("NodeToNodeEncryptionOptions").path("Enabled").asBoolean()).isTrue();
        assertThat(os.path("DomainEndpointOptions").path("EnforceHTTPS").asBoolean()).isTrue();
        assertThat(os.path("AdvancedSecurityOptions").path("Enabled").asBoolean()).isTrue();
    }

    @Test
    void mistakesAreReportedWithTheirPath() {
        JsonNode template = read("""
                Resources:
                  Key:
                    Type: AWS::KMS::Key
                    Properties:
                      EnableKeyRotaton: true
                  Cluster:
                    Type: AWS::MSK::Cluster
                    Properties:
                      ClusterName: mihari
                      KafkaVersion: 3.9.x
                      NumberOfBrokerNodes: three
                      BrokerNodeGroupInfo:
                        ClientSubnets: [subnet-1]
                      EncryptionInfo:
                        EncryptionAtRest:
                          DataVolumeKMSKeyId: !GetAtt Key.KeyArn
                  Alias:
                    Type: AWS::KMS::Alias
                    Properties:
                      AliasName: !Sub alias/${Prefix}-mihari
                      TargetKeyId: !Ref Kee
                """);
        assertThat(problems(template)).containsExactlyInAnyOrder(
                "Resources.Key.Properties.EnableKeyRotaton: unknown property (did you mean EnableKeyRotation?)",
                "Resources.Key.Properties.KeyPolicy: required",
                "Resources.Cluster.Properties.NumberOfBrokerNodes: expected Integer, got \"three\"",
                "Resources.Cluster.Properties.BrokerNodeGroupInfo.InstanceType: required",
                "Ref Kee: no such parameter or resource",
                "GetAtt Key.KeyArn: AWS::KMS::Key has no attribute KeyArn",
                "Sub ${Prefix}: no such parameter, resource or variable");
    }
}
