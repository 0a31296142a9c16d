package io.mihari.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema check finds what a wrong manifest gets wrong, and says where. */
class KubernetesSchemaTest {

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: alert-service
              namespace: mihari
            spec:
              replicas: %s
              selector:
                matchLabels: {app.kubernetes.io/name: alert-service}
              template:
                metadata:
                  labels: {app.kubernetes.io/name: alert-service}
                spec:
                  containers:
                    - name: alert-service
                      image: mihari/alert-service:0.1.0-SNAPSHOT
                      ports: [{name: https, containerPort: 8443}]
                      env:
                        - {name: QUARKUS_HTTP_SSL_PORT, value: %s}
                      resources:
                        limits: {memory: %s}
                      securityContext:
                        %s: true
            """;

    static List<String> problems(String yaml) {
        List<JsonNode> objects = Kustomize.parse(yaml);
        assertThat(objects).hasSize(1);
        return KubernetesSchema.validate(objects.get(0));
    }

    @Test
    void aValidDeploymentHasNoProblem() {
        assertThat(problems(DEPLOYMENT.formatted("2", "\"8443\"", "1Gi", "readOnlyRootFilesystem"))).isEmpty();
    }

    @Test
    void aMisspelledFieldIsReportedWithItsPathAndTheRightName() {
        assertThat(problems(DEPLOYMENT.formatted("2", "\"8443\"", "1Gi", "readOnlyRootFileSystem")))
                .containsExactly("Deployment mihari/alert-service: spec.template.spec.containers[0].securityContext"
                        + ".readOnlyRootFileSystem: unknown field (V1SecurityContext has no such property; did you "
                        + "mean readOnlyRootFilesystem?)");
    }

    @Test
    void wrongTypesAreReportedWithTheirPaths() {
        assertThat(problems(DEPLOYMENT.formatted("two", "8443", "512Mb", "readOnlyRootFilesystem")))
                .containsExactlyInAnyOrder(
                        "Deployment mihari/alert-service: spec.replicas: expected an integer (int32), got a string "
                                + "\"two\"",
                        // an unquoted number where Kubernetes wants a string: the classic env value mistake
                        "Deployment mihari/alert-service: spec.template.spec.containers[0].env[0].value: expected a "
                                + "string, got a number 8443 (quote it)",
                        "Deployment mihari/alert-service: spec.template.spec.containers[0].resources.limits[memory]: "
                                + "not a quantity: \"512Mb\" (e.g. 500m, 2, 512Mi, 1Gi)");
    }

    @Test
    void missingRequiredFieldsAndUnservedKindsAreReported() {
        assertThat(problems("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers: [{image: nginx}]
                """)).containsExactlyInAnyOrder(
                "Deployment x: spec.template.spec.containers[0].name: required (V1Container)",
                "Deployment x: spec.selector: required (V1DeploymentSpec)");
        assertThat(problems("""
                apiVersion: policy/v1beta1
                kind: PodDisruptionBudget
                metadata: {name: old}
                spec: {minAvailable: 1}
                """)).singleElement().asString()
                .startsWith("PodDisruptionBudget old: apiVersion policy/v1beta1 kind PodDisruptionBudget is not one of");
    }

    @Test
    void aBrokenOverlayFailsTheRenderedCheckNamingTheField() throws IOException {
        Path kubectl = Kustomize.kubectlOrSkip();
        // below target/, so that the base is reachable by a relative path (kustomize refuses absolute ones)
        Path target = Files.createDirectories(KubernetesManifestsTest.DEPLOY.resolve("target").toAbsolutePath());
        Path overlay = Files.createTempDirectory(target, "broken-overlay");
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                resources:
                  - %s
                patches:
                  - patch: |-
                      apiVersion: apps/v1
                      kind: Deployment
                      metadata: {name: dashboard-api}
                      spec:
                        template:
                          spec:
                            containers:
                              - name: dashboard-api
                                livenessProbe:
                                  httpGet: {path: /q/health/live, port: https, schema: HTTPS}
                """.formatted(overlay.relativize(KubernetesManifestsTest.KUBERNETES.resolve("base").toAbsolutePath())));
        List<String> problems = Kustomize.render(kubectl, overlay).stream()
                .flatMap(o -> KubernetesSchema.validate(o).stream()).toList();
        assertThat(problems).containsExactly("Deployment mihari/dashboard-api: spec.template.spec.containers[0]"
                + ".livenessProbe.httpGet.schema: unknown field (V1HTTPGetAction has no such property; did you mean "
                + "scheme?)");

        // and what kustomize itself refuses (a resource that is not there) fails with kustomize's message
        Files.writeString(overlay.resolve("kustomization.yaml"), "resources:\n  - missing.yaml\n");
        assertThatThrownBy(() -> Kustomize.render(kubectl, overlay)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("missing.yaml");
    }
}
