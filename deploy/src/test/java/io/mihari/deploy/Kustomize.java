package io.mihari.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Renders a kustomization with the real kustomize — the one built into kubectl ({@code kubectl kustomize}), which
 * the project's build machines have ({@code /usr/bin/kubectl}) — and reads the YAML it prints.
 *
 * <p>Where kubectl is missing, tests that need a rendering are skipped with a message, except with
 * {@code MIHARI_REQUIRE_KUBECTL=1}, where they fail: {@code .ci/run} sets it whenever the machine has kubectl, so
 * on the project's build machines the check always runs. Another
 * kubectl can be named with {@code -Dmihari.kubectl=/path/to/kubectl}.
 */
final class Kustomize {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Kustomize() {
    }

    /** kubectl, or skips (fails where it is required) the calling test when there is none. */
    static Path kubectlOrSkip() {
        Optional<Path> kubectl = kubectl();
        if (kubectl.isEmpty()) {
            String message = "kubectl is not installed (PATH, or -Dmihari.kubectl): the kustomizations cannot be "
                    + "rendered, so they are not checked. Install kubectl 1.27 or newer (kustomize v5 inside); the "
                    + "project's build machines have it";
            if ("1".equals(System.getenv("MIHARI_REQUIRE_KUBECTL"))) {
                Assertions.fail(message + " — required here (MIHARI_REQUIRE_KUBECTL=1)");
            }
            Assumptions.abort(message);
        }
        return kubectl.get();
    }

    static Optional<Path> kubectl() {
        String configured = System.getProperty("mihari.kubectl", "");
        if (!configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The client and kustomize versions kubectl reports (for the test's log). */
    static String version(Path kubectl) {
        return run(List.of(kubectl.toString(), "version", "--client"), null).replace('\n', ' ').trim();
    }

    /** {@code kubectl kustomize dir}: the rendered objects; a kustomize error fails with kustomize's message. */
    static List<JsonNode> render(Path kubectl, Path dir) {
        return parse(run(List.of(kubectl.toString(), "kustomize", dir.toString()), dir));
    }

    /** Every document of a multi-document YAML text (empty documents skipped). */
    static List<JsonNode> parse(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    static List<JsonNode> parse(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static String run(List<String> command, Path dir) {
        try {
            Path out = Files.createTempFile("kubectl", ".out");
            Path err = Files.createTempFile("kubectl", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within 120 s");
                }
                String stderr = Files.readString(err, StandardCharsets.UTF_8).trim();
                if (process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue()
                            + (dir == null ? "" : ", in " + dir) + "): " + stderr);
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
