package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.MihariInfra;
import io.mihari.testsupport.TestCommands;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The container images that {@code ./mvnw verify} writes ({@code deploy/images/build-image}, run in the verify phase
 * of alert-service and dashboard-api) are complete and run, proven without Docker: the archive is read as a registry
 * or {@code podman load} would read it, its layers are unpacked into a root file system (in order, whiteouts
 * honoured) and its entrypoint is run there with {@code unshare --root} as the image's user. Running needs root
 * (CI is root); elsewhere those tests are skipped with a message.
 */
class ContainerImageTest {

    /** One service's image: the port it exposes and the setting it cannot start without. */
    record Service(String module, int port, String requiredSetting) {
        @Override
        public String toString() {
            return module;
        }
    }

    static final List<Service> SERVICES = List.of(
            new Service("alert-service", 8081, "mihari.commands.verification-keys-file"),
            new Service("dashboard-api", 8080, "mihari.commands.signing-key-file"));

    static final String UNSHARE = "/usr/bin/unshare";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static Path repo;
    static String version;
    static Path logs;

    @BeforeAll
    static void locate() {
        assumeThat(Boolean.getBoolean("e2e.images.skip")).as("the build was told -DskipImages=true: "
                + "no images to test").isFalse();
        repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        version = System.getProperty("e2e.project.version");
        logs = Path.of(System.getProperty("e2e.logs.dir", "target/e2e-logs"));
        assertThat(version).as("system property e2e.project.version (set by e2e-tests/pom.xml)").isNotBlank();
    }

    static Stream<Service> services() {
        return SERVICES.stream();
    }

    static Path archive(String module) {
        Path archive = repo.resolve(module).resolve("target/image").resolve(module + "-" + version + ".oci.tar");
        assertThat(archive).as("%s is written in the verify phase of %s: run ./mvnw verify (or "
                + "./mvnw verify -pl %s -am -DskipTests)", archive, module, module).isRegularFile();
        return archive;
    }

    static OciImage open(Service service, Path dir) throws IOException {
        return OciImage.open(archive(service.module()), dir.resolve("layout"));
    }

    @ParameterizedTest
    @MethodSource("services")
    void theImageIsNamedLayeredAndConfiguredForAContainerPlatform(Service service, @TempDir Path dir) throws IOException {
        OciImage image = open(service, dir);
        String name = "mihari/" + service.module();

        // named for docker load (Docker 25+: index.json; older: manifest.json), podman load and skopeo
        assertThat(image.index.path("manifests").get(0).path("annotations").path("io.containerd.image.name").asText())
                .isEqualTo("docker.io/" + name + ":" + version);
        assertThat(image.index.path("manifests").get(0).path("annotations").path("org.opencontainers.image.ref.name")
                .asText()).isEqualTo(version);
        assertThat(image.dockerManifest.get(0).path("RepoTags").get(0).asText()).isEqualTo(name + ":" + version);
        assertThat(Files.readString(image.layout.resolve("oci-layout"))).contains("\"imageLayoutVersion\":\"1.0.0\"");

        // every blob is what its digest says, every layer unpacks to its diff_id
        assertThat(OciImage.sha256(image.blob(image.index.path("manifests").get(0).path("digest").asText())))
                .isEqualTo(image.index.path("manifests").get(0).path("digest").asText());
        assertThat(image.layers).hasSize(5);
        for (OciImage.Layer layer : image.layers) {
            assertThat(layer.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            assertThat(Files.size(layer.blob())).as(layer.digest()).isEqualTo(layer.size());
            assertThat(OciImage.sha256(layer.blob())).isEqualTo(layer.digest());
            assertThat(OciImage.diffId(layer)).as("diff_id of " + layer.digest()).isEqualTo(layer.diffId());
        }

        // the layers: base, Java, the fast-jar's lib/, quarkus/ and app/ (with Mihari's own jars)
        assertThat(OciImage.entries(image.layers.get(0))).contains("etc/passwd", "tmp", "deployments",
                "usr/lib/locale/C.utf8/LC_CTYPE", "var/lib/dpkg/status.d/libc6")
                .anyMatch(e -> e.matches("lib/.*-linux-gnu/libc\\.so\\.6"));
        assertThat(OciImage.entries(image.layers.get(1))).contains("opt/java/openjdk/bin/java",
                "opt/java/openjdk/lib/modules");
        List<String> lib = OciImage.entries(image.layers.get(2));
        assertThat(lib).allMatch(e -> e.startsWith("deployments/lib"))
                .anyMatch(e -> e.startsWith("deployments/lib/boot/"))
                .anyMatch(e -> e.matches("deployments/lib/main/io\\.quarkus\\.quarkus-core-.*\\.jar"))
                .noneMatch(e -> e.contains("/io.mihari."));
        assertThat(OciImage.entries(image.layers.get(3))).allMatch(e -> e.startsWith("deployments/quarkus"))
                .contains("deployments/quarkus/quarkus-application.dat");
        assertThat(OciImage.entries(image.layers.get(4))).contains("deployments/quarkus-run.jar",
                "deployments/lib/main/io.mihari.event-model-" + version + ".jar")
                .anyMatch(e -> e.startsWith("deployments/app/" + service.module()));

        JsonNode config = image.config.path("config");
        assertThat(image.config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("User").asText()).isEqualTo("185:185");
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/deployments");
        assertThat(config.path("ExposedPorts").has(service.port() + "/tcp")).as(config.toString()).isTrue();
        assertThat(strings(config.path("Entrypoint"))).startsWith("/opt/java/openjdk/bin/java")
                .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
                .endsWith("-jar", "/deployments/quarkus-run.jar");
        assertThat(strings(config.path("Env"))).contains("JAVA_HOME=/opt/java/openjdk", "LANG=C.UTF-8",
                "QUARKUS_HTTP_HOST=0.0.0.0");
        JsonNode labels = config.path("Labels");
        assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo(name);
        assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(version);
        assertThat(labels.path("org.opencontainers.image.description").asText()).isNotBlank();
        assertThat(labels.path("org.opencontainers.image.created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(labels.path("io.mihari.image.base").asText()).contains("libc6=");
    }

    @Test
    void bothImagesShareTheirBaseAndJavaLayers(@TempDir Path dir) throws IOException {
        OciImage alert = open(SERVICES.get(0), dir.resolve("alert"));
        OciImage dashboard = open(SERVICES.get(1), dir.resolve("dashboard"));
        assertThat(dashboard.layers.subList(0, 2)).extracting(OciImage.Layer::digest)
                .isEqualTo(alert.layers.subList(0, 2).stream().map(OciImage.Layer::digest).toList());
    }

    @ParameterizedTest
    @MethodSource("services")
    void theImagesJavaRunsAsTheImagesUserAndTheServiceStopsNamingAMissingSetting(Service service, @TempDir Path dir)
            throws Exception {
        Unpacked rootfs = rootfs(service, dir);

        Run java = run(rootfs, List.of("/opt/java/openjdk/bin/java", "-XshowSettings:properties", "-version"),
                Map.of(), true, "java-version");
        assertThat(java.exitCode(Duration.ofSeconds(60))).as(java.output()).isZero();
        assertThat(java.output()).contains("java.home = /opt/java/openjdk", "user.name = mihari",
                "user.dir = /deployments", "file.encoding = UTF-8", "sun.jnu.encoding = UTF-8");

        // The entrypoint, as a container platform runs it, without the settings a deployment has to give:
        // the JVM starts, Quarkus boots and refuses to go on, naming the setting.
        Run entrypoint = run(rootfs, List.of(), Map.of(), true, "missing-setting");
        int exit = entrypoint.exitCode(Duration.ofSeconds(120));
        assertThat(exit).as(entrypoint.output()).isNotZero();
        assertThat(entrypoint.output()).contains("SRCFG00014", service.requiredSetting());
    }

    @Test
    void dashboardApiFromItsImageAnswersOnTheHostNetwork(@TempDir Path dir) throws Exception {
        Service service = SERVICES.get(1);
        Unpacked rootfs = rootfs(service, dir);
        Map<String, String> infra = MihariInfra.serviceConfig();

        // What a deployment mounts (a ConfigMap, a Secret) and sets in the environment.
        Path config = Files.createDirectories(rootfs.path().resolve("config"));
        copyResource("/e2e-catalog.yaml", config.resolve("catalog.yaml"));
        copyResource("/e2e-users.yaml", config.resolve("users.yaml"));
        Files.copy(Path.of(TestCommands.configFor(service.module()).get("mihari.commands.signing-key-file")),
                config.resolve("command-signing-key.jwk.json"));
        for (Path file : List.of(config, config.resolve("catalog.yaml"), config.resolve("users.yaml"),
                config.resolve("command-signing-key.jwk.json"))) {
            Files.setAttribute(file, "unix:uid", 185);
            Files.setAttribute(file, "unix:gid", 185);
        }
        int port = FreePorts.next();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("MIHARI_OPENSEARCH_URL", infra.get("mihari.opensearch.url"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.get("kafka.bootstrap.servers"));
        env.put("MIHARI_CATALOG_PATH", "/config/catalog.yaml");
        env.put("MIHARI_AUTH_USERS_FILE", "/config/users.yaml");
        env.put("MIHARI_COMMANDS_SIGNING_KEY_FILE", "/config/command-signing-key.jwk.json");
        env.put("MIHARI_AUTH_TOKEN_SECRET", "an-image-test-secret-of-at-least-32-bytes");
        // how a deployment adds JVM options to the image's entrypoint
        env.put("JAVA_TOOL_OPTIONS", "-Xmx256m");

        Run app = run(rootfs, List.of(), env, false, "serving");
        try (app) {
            String base = "http://127.0.0.1:" + port;
            await("dashboard-api from its image ready at " + base).atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        if (!app.process.isAlive()) {
                            throw new IllegalStateException("dashboard-api exited with " + app.process.exitValue()
                                    + ":\n" + app.output());
                        }
                        return status(base + "/q/health/ready") == 200;
                    });
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).containsIgnoringCase("<html");
            assertThat(app.output()).contains("Picked up JAVA_TOOL_OPTIONS: -Xmx256m", "Listening on: http://0.0.0.0:");
        }
        // the JVM, pid 1 of its namespace as in a container, shuts down cleanly on SIGTERM (the image's StopSignal)
        assertThat(app.output()).contains("stopped in");
    }

    // --- running an image without Docker ------------------------------------------------------------------------

    /** An image unpacked: its root file system and its config. */
    record Unpacked(Service service, Path path, JsonNode config) {
    }

    /** The image's root file system, with what a container runtime adds: device nodes and (at run time) /proc. */
    static Unpacked rootfs(Service service, Path dir) throws Exception {
        assumeThat(OciImage.isRoot()).as("running an image without Docker needs root (unshare --root, device "
                + "nodes, file owners); run as root to include these tests (CI does)").isTrue();
        assumeThat(Path.of(UNSHARE)).as("util-linux's unshare").isExecutable();
        OciImage image = open(service, dir);
        Path rootfs = dir.resolve("rootfs");
        image.unpack(rootfs);
        Path dev = Files.createDirectories(rootfs.resolve("dev"));
        for (String[] node : new String[][] {{"null", "3"}, {"zero", "5"}, {"full", "7"}, {"random", "8"},
                {"urandom", "9"}}) {
            Process mknod = new ProcessBuilder("mknod", "-m", "666", dev.resolve(node[0]).toString(), "c", "1", node[1])
                    .redirectErrorStream(true).start();
            assertThat(mknod.waitFor(10, TimeUnit.SECONDS) && mknod.exitValue() == 0)
                    .as("mknod /dev/" + node[0] + ": " + new String(mknod.getInputStream().readAllBytes())).isTrue();
        }
        Files.createDirectories(rootfs.resolve("proc"));
        return new Unpacked(service, rootfs, image.config.path("config"));
    }

    /** A process started in an unpacked image; its output (stdout and stderr) goes to a log file. */
    static final class Run implements AutoCloseable {
        final Process process;
        final Path log;

        Run(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        int exitCode(Duration within) throws InterruptedException {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError("still running after " + within + ":\n" + output());
            }
            return process.exitValue();
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }

        /**
         * Stops the JVM as a container platform does (SIGTERM, then SIGKILL), then unshare. unshare's --kill-child
         * cannot do it: the kernel forgets a parent-death signal when the child changes its user (--setuid).
         */
        @Override
        public void close() throws InterruptedException {
            List<ProcessHandle> below = process.descendants().toList();
            below.forEach(ProcessHandle::destroy);
            for (ProcessHandle p : below) {
                if (p.onExit().completeOnTimeout(p, 20, TimeUnit.SECONDS).join().isAlive()) {
                    p.destroyForcibly();
                }
            }
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Runs {@code command} (empty: the image's entrypoint) in the image's root file system as its user, in the image's
     * working folder, with the image's environment plus {@code env}, in its own pid namespace with a fresh /proc;
     * {@code isolated}: also in a network namespace of its own (nothing reachable).
     */
    static Run run(Unpacked image, List<String> command, Map<String, String> env, boolean isolated, String what)
            throws IOException {
        JsonNode config = image.config();
        String[] user = config.path("User").asText().split(":");
        List<String> cmd = new ArrayList<>(List.of(UNSHARE, "--pid", "--fork", "--mount-proc"));
        if (isolated) {
            cmd.add("--net");
        }
        cmd.addAll(List.of("--root", image.path().toString(), "--wd", config.path("WorkingDir").asText(),
                "--setgid", user.length > 1 ? user[1] : user[0], "--setuid", user[0], "--"));
        cmd.addAll(command.isEmpty() ? strings(config.path("Entrypoint")) : command);
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().clear();
        for (String entry : strings(config.path("Env"))) {
            int eq = entry.indexOf('=');
            builder.environment().put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        builder.environment().putAll(env);
        Path log = Files.createDirectories(logs).resolve(image.service().module() + "-image-" + what + ".log");
        builder.redirectOutput(log.toFile());
        return new Run(builder.start(), log);
    }

    static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    static int status(String url) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    static void copyResource(String resource, Path to) throws IOException {
        try (var in = ContainerImageTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, to);
        }
    }
}
