package io.mihari.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/kubernetes: the base and every overlay, rendered by kustomize, are valid Kubernetes objects
 * ({@link KubernetesSchema}, strict) and keep the rules docs/deploy.md promises: Mihari's pods run as non-root on a
 * read-only root file system without capabilities, with probes on /q/health/*, resources, the image of this
 * version; every Secret and ConfigMap they use is either rendered or one of those the operator creates (and
 * docs/deploy.md says how); Services, disruption budgets, network policies and the ingress select what exists.
 */
class KubernetesManifestsTest {

    static final Path DEPLOY = Path.of(System.getProperty("mihari.deploy.dir", "."));
    static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    static final String VERSION = System.getProperty("mihari.project.version", "0.1.0-SNAPSHOT");

    /** What the operator creates (docs/deploy.md, "Secrets"); overlays/aws adds its logins. */
    static final Set<String> CREATED_BY_OPERATOR = Set.of(
            "Secret/mihari-dashboard-users", "Secret/mihari-dashboard-token", "Secret/mihari-command-signing-key",
            "Secret/mihari-alert-service-tls", "Secret/mihari-dashboard-api-tls", "Secret/mihari-ingress-tls",
            "ConfigMap/mihari-command-verification-keys",
            "Secret/mihari-kafka-alert-service", "Secret/mihari-kafka-dashboard-api", "Secret/mihari-smtp");

    static final Set<String> MIHARI = Set.of("alert-service", "dashboard-api");

    /** One rendering per kustomization for all tests (kubectl takes about half a second each). */
    private static final Map<String, List<JsonNode>> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    static List<JsonNode> rendered(String kustomization) {
        Path kubectl = Kustomize.kubectlOrSkip();
        return RENDERED.computeIfAbsent(kustomization, k -> Kustomize.render(kubectl, KUBERNETES.resolve(k)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/aws", "overlays/local"})
    void everyRenderedObjectIsValidAgainstTheKubernetesApi(String kustomization) {
        Path kubectl = Kustomize.kubectlOrSkip();
        long start = System.nanoTime();
        List<JsonNode> objects = rendered(kustomization);
        List<String> problems = new ArrayList<>();
        objects.forEach(o -> problems.addAll(KubernetesSchema.validate(o)));
        System.out.printf("%s: %d objects rendered by %s, checked against Kubernetes %s in %d ms%n", kustomization,
                objects.size(), Kustomize.version(kubectl), System.getProperty("mihari.kubernetes.api.version"),
                (System.nanoTime() - start) / 1_000_000);
        assertThat(problems).as("schema problems of " + kustomization).isEmpty();
        assertThat(objects).extracting(KubernetesSchema::describe)
                .contains("Namespace mihari", "Deployment mihari/alert-service", "Deployment mihari/dashboard-api",
                        "Service mihari/dashboard-api", "PodDisruptionBudget mihari/alert-service",
                        "PodDisruptionBudget mihari/dashboard-api", "NetworkPolicy mihari/default-deny-ingress",
                        "NetworkPolicy mihari/dashboard-api-ingress");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/aws", "overlays/local"})
    void mihariPodsAreLockedDownProbedAndBounded(String kustomization) {
        List<JsonNode> objects = rendered(kustomization);
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : byKind(objects, "Deployment")) {
            String name = deployment.path("metadata").path("name").asText();
            if (!MIHARI.contains(name)) {
                continue;
            }
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            String at = "Deployment " + name + ": ";
            require(problems, pod.path("securityContext").path("runAsNonRoot").asBoolean(), at + "runAsNonRoot");
            require(problems, "RuntimeDefault".equals(pod.path("securityContext").path("seccompProfile")
                    .path("type").asText()), at + "seccompProfile RuntimeDefault");
            require(problems, !pod.path("automountServiceAccountToken").asBoolean(true),
                    at + "automountServiceAccountToken: false");
            require(problems, !pod.path("enableServiceLinks").asBoolean(true), at + "enableServiceLinks: false");
            Map<String, JsonNode> volumes = new HashMap<>();
            pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
            for (JsonNode c : pod.path("containers")) {
                String cat = at + "container " + c.path("name").asText() + ": ";
                require(problems, c.path("image").asText().endsWith(":" + VERSION),
                        cat + "image tagged " + VERSION + " (the Maven version), is " + c.path("image").asText());
                JsonNode sc = c.path("securityContext");
                require(problems, sc.path("readOnlyRootFilesystem").asBoolean(), cat + "readOnlyRootFilesystem");
                require(problems, !sc.path("allowPrivilegeEscalation").asBoolean(true),
                        cat + "allowPrivilegeEscalation: false");
                require(problems, sc.path("capabilities").path("drop").toString().contains("\"ALL\""),
                        cat + "capabilities drop ALL");
                for (String[] probe : new String[][] {{"startupProbe", "/q/health/started"},
                        {"readinessProbe", "/q/health/ready"}, {"livenessProbe", "/q/health/live"}}) {
                    JsonNode get = c.path(probe[0]).path("httpGet");
                    require(problems, probe[1].equals(get.path("path").asText())
                            && "HTTPS".equals(get.path("scheme").asText()), cat + probe[0] + " on HTTPS " + probe[1]);
                }
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        require(problems, c.path("resources").path(bound).has(resource),
                                cat + "resources." + bound + "." + resource);
                    }
                }
                boolean tmp = false;
                for (JsonNode mount : c.path("volumeMounts")) {
                    JsonNode volume = volumes.get(mount.path("name").asText());
                    require(problems, volume != null, cat + "volumeMount " + mount.path("name").asText()
                            + " names a volume of the pod");
                    if ("/tmp".equals(mount.path("mountPath").asText()) && volume != null && volume.has("emptyDir")) {
                        tmp = true;
                    }
                    require(problems, !mount.has("subPath"), cat + "no subPath (updates must reach the pod): "
                            + mount.path("name").asText());
                }
                require(problems, tmp, cat + "/tmp is an emptyDir (the root file system is read-only)");
            }
        }
        assertThat(problems).as(kustomization).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/aws", "overlays/local"})
    void everyReferenceNamesSomethingThatExists(String kustomization) throws IOException {
        List<JsonNode> objects = rendered(kustomization);
        Set<String> rendered = new TreeSet<>();
        objects.forEach(o -> rendered.add(o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()));
        List<String> problems = new ArrayList<>();
        String guide = Files.readString(DEPLOY.resolveSibling("docs").resolve("deploy.md"));

        for (JsonNode o : objects) {
            String who = KubernetesSchema.describe(o);
            if (!"Namespace".equals(o.path("kind").asText())) {
                require(problems, "mihari".equals(o.path("metadata").path("namespace").asText()),
                        who + " is in the namespace mihari");
            }
            for (String reference : references(o)) {
                if (!rendered.contains(reference)) {
                    require(problems, CREATED_BY_OPERATOR.contains(reference), who + " uses " + reference
                            + ", which is neither rendered nor one the operator is told to create");
                    require(problems, guide.contains(reference.substring(reference.indexOf('/') + 1)),
                            "docs/deploy.md tells how to create " + reference + " (used by " + who + ")");
                }
            }
        }
        List<JsonNode> deployments = byKind(objects, "Deployment");
        for (JsonNode selecting : objects) {
            String kind = selecting.path("kind").asText();
            JsonNode selector = switch (kind) {
                case "Service" -> selecting.path("spec").path("selector");
                case "PodDisruptionBudget", "Deployment" -> selecting.path("spec").path("selector").path("matchLabels");
                case "NetworkPolicy" -> selecting.path("spec").path("podSelector").path("matchLabels");
                default -> null;
            };
            if (selector == null || selector.isEmpty()) {
                continue;
            }
            List<JsonNode> pods = deployments.stream().map(d -> d.path("spec").path("template"))
                    .filter(t -> matches(selector, t.path("metadata").path("labels"))).toList();
            require(problems, !pods.isEmpty(), KubernetesSchema.describe(selecting) + " selects no pod: " + selector);
            if ("Service".equals(kind)) {
                for (JsonNode port : selecting.path("spec").path("ports")) {
                    String target = port.path("targetPort").asText();
                    require(problems, pods.stream().allMatch(t -> t.path("spec").path("containers").findValues("ports")
                            .stream().flatMap(ps -> stream(ps)).anyMatch(p -> target.equals(p.path("name").asText())
                                    || target.equals(p.path("containerPort").asText()))),
                            KubernetesSchema.describe(selecting) + ": targetPort " + target + " is a port of its pods");
                }
            }
        }
        for (JsonNode ingress : byKind(objects, "Ingress")) {
            for (JsonNode backend : ingress.findValues("service")) {
                String service = backend.path("name").asText();
                require(problems, rendered.contains("Service/" + service), KubernetesSchema.describe(ingress)
                        + " routes to Service " + service + ", which exists");
            }
        }
        require(problems, byKind(objects, "NetworkPolicy").stream().anyMatch(p -> p.path("spec").path("podSelector")
                .isEmpty() && p.path("spec").path("ingress").isMissingNode()), "a default-deny ingress policy");
        assertThat(problems).as(kustomization).isEmpty();
    }

    @Test
    void theCopiesOfTheSampleCatalogAndUsersAreTheSamples() throws IOException {
        // kustomize reads files only below the kustomization, so the samples are copied; they must not drift
        assertThat(KUBERNETES.resolve("base/config/catalog.yaml"))
                .hasSameTextualContentAs(DEPLOY.resolve("catalog/sample-catalog.yaml"));
        assertThat(KUBERNETES.resolve("overlays/local/config/users.yaml"))
                .hasSameTextualContentAs(DEPLOY.resolve("catalog/sample-users.yaml"));
    }

    @Test
    void withoutKubectlTheResourceFilesAreStillCheckedAsWritten() throws IOException {
        // the complete objects of the kustomizations (not the patches): checked even where kubectl is missing
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : List.of(KUBERNETES.resolve("base/namespace.yaml"),
                KUBERNETES.resolve("base/alert-service.yaml"), KUBERNETES.resolve("base/dashboard-api.yaml"),
                KUBERNETES.resolve("base/network-policies.yaml"),
                KUBERNETES.resolve("overlays/local/infrastructure.yaml"))) {
            for (JsonNode o : Kustomize.parse(file)) {
                problems.addAll(KubernetesSchema.validate(o));
                checked++;
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(15);
    }

    /** ConfigMaps and Secrets an object uses: envFrom, env valueFrom, volumes. */
    static Set<String> references(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (JsonNode ref : object.findValues("configMapRef")) {
            names.add("ConfigMap/" + ref.path("name").asText());
        }
        for (JsonNode ref : object.findValues("configMapKeyRef")) {
            names.add("ConfigMap/" + ref.path("name").asText());
        }
        for (JsonNode ref : object.findValues("secretRef")) {
            names.add("Secret/" + ref.path("name").asText());
        }
        for (JsonNode ref : object.findValues("secretKeyRef")) {
            names.add("Secret/" + ref.path("name").asText());
        }
        for (JsonNode volume : object.findValues("volumes")) {
            for (JsonNode v : volume) {
                if (v.has("configMap")) {
                    names.add("ConfigMap/" + v.path("configMap").path("name").asText());
                }
                if (v.has("secret")) {
                    names.add("Secret/" + v.path("secret").path("secretName").asText());
                }
            }
        }
        if ("Ingress".equals(object.path("kind").asText())) {
            for (JsonNode tls : object.path("spec").path("tls")) {
                names.add("Secret/" + tls.path("secretName").asText());
            }
        }
        return names;
    }

    static List<JsonNode> byKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static void require(List<String> problems, boolean ok, String rule) {
        if (!ok) {
            problems.add(rule);
        }
    }
}
