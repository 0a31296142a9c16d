package io.mihari.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node KRaft Kafka broker as a child process that a test can stop and start again on
 * the same ports and data: an outage as a server sees it. Uses the test's own class path (Kafka's
 * server jars come with test-support). Slower to start than {@link MihariInfra#kafka()}, so only for
 * tests that need the outage.
 */
public final class KafkaProcess implements AutoCloseable {

    private final Path dir;
    private final Path config;
    private final int port;
    /** How this class's own admin client connects (bootstrap servers plus, for a secured broker, TLS and SASL). */
    private final Map<String, Object> adminConfig;
    private Process process;

    private KafkaProcess(Path dir, Path config, int port, Map<String, Object> adminConfig) {
        this.dir = dir;
        this.config = config;
        this.port = port;
        this.adminConfig = adminConfig;
    }

    public static KafkaProcess start() {
        try {
            Path dir = Files.createTempDirectory("mihari-kafka-");
            int port = FreePorts.next();
            int controller = FreePorts.next();
            Path config = dir.resolve("server.properties");
            Files.writeString(config, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controller,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    singleNode(dir), ""), StandardCharsets.UTF_8);
            return start(dir, config, port, Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port),
                    List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka", e);
        }
    }

    /** The settings of a single-node test broker whatever its listeners: data in {@code dir}, one replica. */
    static String singleNode(Path dir) {
        return String.join("\n",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0");
    }

    /**
     * Formats the storage of {@code config} (with these extra format arguments, e.g. {@code --add-scram …}) and
     * starts the broker.
     */
    static KafkaProcess start(Path dir, Path config, int port, Map<String, Object> adminConfig,
            List<String> formatArgs) {
        try {
            KafkaProcess kafka = new KafkaProcess(dir, config, port, adminConfig);
            List<String> format = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString()));
            format.addAll(formatArgs);
            int exit = kafka.java("kafka.tools.StorageTool", format.toArray(String[]::new)).waitFor();
            if (exit != 0) {
                throw new IllegalStateException("formatting Kafka storage failed (exit " + exit + "):\n" + kafka.tail());
            }
            kafka.startAgain();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 30 s) and waits until it is gone. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Kills the broker as a crash would (SIGKILL: no controlled shutdown, nothing flushed by the broker; what it had
     * written stays in the operating system's page cache, as on a process crash) and waits until it is gone.
     */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the broker again on the same ports and data, and waits until it answers. */
    public void startAgain() {
        try {
            process = java("kafka.Kafka", config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka", e);
        }
        Map<String, Object> admin3s = new java.util.HashMap<>(adminConfig);
        admin3s.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        admin3s.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(admin3s)) {
            // only the broker not answering yet is waited through; a broker that exited fails at once, with its log
            Awaitility.await("Kafka at " + bootstrapServers()).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(300))
                    .ignoreExceptionsMatching(e -> e instanceof ExecutionException || e instanceof TimeoutException)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Kafka exited with " + process.exitValue() + ":\n" + tail());
                        }
                        return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Kafka did not start:\n" + tail(), e);
        }
    }

    private Process java(String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx384m", "-cp", classPath(), main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile())).start();
    }

    /** Surefire runs tests from a manifest-only jar; the real class path is in this property. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("kafka.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
