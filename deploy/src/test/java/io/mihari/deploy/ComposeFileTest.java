package io.mihari.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose/compose.yaml, without Docker: read as Compose reads it (YAML with anchors and merge keys), checked
 * against the Compose specification's JSON Schema (src/test/resources/schemas/compose-spec.json, see the README
 * there: unknown keys are refused), and what the schema cannot see — every service, config, secret and volume a
 * service names is defined, every file a config names exists, Mihari's containers are read-only without
 * capabilities, and nothing is published beyond 127.0.0.1.
 */
class ComposeFileTest {

    static final Path COMPOSE = KubernetesManifestsTest.DEPLOY.resolve("compose");
    static final ObjectMapper JSON = new ObjectMapper();
    static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/schemas/compose-spec.json")) {
            JsonNode document = JSON.readTree(in);
            // the schema names its parts with draft-04's "id" (informational; every $ref is a JSON pointer), a
            // keyword its declared dialect (2019-09) does not have and the validator refuses
            document.findParents("id").forEach(parent -> {
                if (parent.path("id").isTextual() && parent.path("id").asText().matches("#.*|.*\\.json")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) parent).remove("id");
                }
            });
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(document);
        }
    }

    /** The file as Compose sees it: anchors resolved, merge keys ({@code <<: *x}) applied. */
    static JsonNode read(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(options).load(yaml);
        return JSON.valueToTree(document);
    }

    static List<String> schemaProblems(JsonNode compose) {
        return schema.validate(compose).stream().map(Object::toString).toList();
    }

    @Test
    void theComposeFileFollowsTheComposeSpecification() throws IOException {
        JsonNode compose = read(Files.readString(COMPOSE.resolve("compose.yaml")));
        assertThat(schemaProblems(compose)).isEmpty();
        assertThat(compose.path("services").properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("kafka", "opensearch", "greenmail", "alert-service", "dashboard-api");
    }

    @Test
    void everythingAServiceNamesIsDefinedAndMihariIsLockedDown() throws IOException {
        JsonNode compose = read(Files.readString(COMPOSE.resolve("compose.yaml")));
        List<String> problems = new ArrayList<>();
        JsonNode services = compose.path("services");
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode service = e.getValue();
            service.path("depends_on").fieldNames().forEachRemaining(d -> require(problems, services.has(d),
                    name + " depends on " + d + ", which is a service"));
            for (String kind : List.of("configs", "secrets")) {
                for (JsonNode use : service.path(kind)) {
                    String source = use.isTextual() ? use.asText() : use.path("source").asText();
                    require(problems, compose.path(kind).has(source), name + " uses " + kind + " " + source
                            + ", which is defined");
                }
            }
            for (JsonNode volume : service.path("volumes")) {
                String source = volume.asText().split(":")[0];
                require(problems, source.startsWith(".") || source.startsWith("/")
                        || compose.path("volumes").has(source), name + " mounts volume " + source + ", defined");
            }
            for (JsonNode port : service.path("ports")) {
                require(problems, port.asText().startsWith("127.0.0.1:"),
                        name + " publishes " + port.asText() + " on 127.0.0.1 only");
            }
            if (name.equals("alert-service") || name.equals("dashboard-api")) {
                require(problems, service.path("read_only").asBoolean(), name + ": read_only");
                require(problems, service.path("cap_drop").toString().contains("\"ALL\""), name + ": cap_drop ALL");
                require(problems, service.path("tmpfs").toString().contains("/tmp"), name + ": tmpfs /tmp");
                require(problems, service.path("image").asText().endsWith(":${MIHARI_VERSION:-"
                        + KubernetesManifestsTest.VERSION + "}"), name + ": image tag defaults to this version");
            }
        }
        compose.path("configs").fields().forEachRemaining(c -> require(problems,
                Files.isRegularFile(COMPOSE.resolve(c.getValue().path("file").asText())),
                "config " + c.getKey() + ": the file " + c.getValue().path("file").asText() + " exists"));
        // secrets are made by make-secrets.sh (never committed): it must make every file compose.yaml mounts
        String maker = Files.readString(COMPOSE.resolve("make-secrets.sh"));
        compose.path("secrets").fields().forEachRemaining(s -> {
            String file = s.getValue().path("file").asText();
            require(problems, file.startsWith("./secrets/") && maker.contains(file.substring("./secrets/".length())),
                    "secret " + s.getKey() + ": make-secrets.sh makes " + file);
        });
        assertThat(Files.readString(COMPOSE.resolve(".gitignore"))).contains("secrets/");
        assertThat(problems).isEmpty();
    }

    @Test
    void aMisspelledOrMistypedKeyIsReportedWithItsPath() {
        JsonNode compose = read("""
                services:
                  alert-service:
                    image: mihari/alert-service:0.1.0-SNAPSHOT
                    enviroment:
                      KAFKA_BOOTSTRAP_SERVERS: kafka:9092
                    read_only: "yes please"
                """);
        List<String> problems = schemaProblems(compose);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("/services/alert-service")
                .contains("enviroment"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("/services/alert-service/read_only")
                .contains("boolean"));
    }

    private static void require(List<String> problems, boolean ok, String rule) {
        if (!ok) {
            problems.add(rule);
        }
    }
}
