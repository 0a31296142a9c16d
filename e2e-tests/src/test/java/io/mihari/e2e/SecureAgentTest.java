package io.mihari.e2e;

import io.mihari.kafka.KafkaAccess;
import io.mihari.kafka.KafkaAccessTool;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.OperatingStatus;
import io.mihari.model.event.Topics;
import io.mihari.testsupport.SecureKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged agent on a secured Kafka (TLS + SCRAM + ACLs applied with the operator's tool): it delivers to its
 * city's topic with its own login; when its ACL is withdrawn it keeps the events spooled and {@code mihari-agent
 * status} says why, naming the setting; once the ACL is back everything spooled is delivered.
 */
class SecureAgentTest {

    static final String HOST = "krs-juki-db1";
    static final String PRINCIPAL = KafkaAccess.agentPrincipal("kurashiki", HOST);

    static SecureKafka kafka;
    static Path jar;
    static Path admin;
    static Path config;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        Path repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        jar = repo.resolve("monitor-agent/target/quarkus-app/quarkus-run.jar");
        kafka = SecureKafka.start();
        admin = kafka.adminConfigFile(dir.resolve("admin.properties"));
        String password = UUID.randomUUID().toString();
        Path passwordFile = Files.writeString(dir.resolve("agent.password"), password);
        assertThat(tool("add-user", PRINCIPAL, "--password-file", passwordFile.toString(), "--admin-config",
                admin.toString())).isZero();
        assertThat(tool("apply", repo.resolve("deploy/catalog/sample-catalog.yaml").toString(), "--admin-config",
                admin.toString())).isZero();
        try (Admin a = Admin.create(kafka.admin())) {
            a.createTopics(List.of(new NewTopic(Topics.events("kurashiki"), Optional.of(3), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Map<String, String> tls = SecureKafka.connection(kafka.certificates(), PRINCIPAL, password);
        StringBuilder yaml = new StringBuilder("""
                mihari:
                  agent:
                    tenant: kurashiki
                    system: juki
                    host: %s
                    kafka:
                """.formatted(HOST));
        tls.forEach((k, v) -> yaml.append("      ").append(k).append(": '").append(v.replace("'", "''"))
                .append("'\n"));
        config = Files.writeString(dir.resolve("agent.yaml"), yaml.toString());
    }

    @AfterAll
    static void tearDown() {
        if (kafka != null) {
            kafka.close();
        }
    }

    static int tool(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new KafkaAccessTool(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return exit;
    }

    record Run(int exit, String stdout, String stderr) {
    }

    static Run agent(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-Dmihari.agent.spool.dir=" + dir.resolve("spool"), "-Dmihari.agent.exec.delivery-timeout=20s",
                "-Dquarkus.config.locations=" + config, "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("agent finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The applications' statuses on Kurashiki's topic, read as the super user. */
    static List<String> delivered() throws Exception {
        Map<String, Object> c = new HashMap<>(kafka.admin());
        c.put("group.id", "verify-" + UUID.randomUUID());
        c.put("auto.offset.reset", "earliest");
        List<String> applications = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.events("kurashiki")));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    if (EventCodec.decode(r.value()).payload() instanceof OperatingStatus s) {
                        applications.add(s.application());
                    }
                }
            }
        }
        return applications;
    }

    @Test
    void theAgentDeliversWithItsLoginAndWhenItsAclIsWithdrawnSpoolsAndSaysWhy() throws Exception {
        await("the agent's login and ACL").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> agent("status", "--application", "juki-web", "--status", "RUNNING").stdout()
                        .contains("events delivered to Kafka"));
        Run ok = agent("status");
        assertThat(ok.exit()).as(ok.stdout() + ok.stderr()).isZero();
        assertThat(ok.stdout()).startsWith("delivery: OK since ").contains("spool: 0 events waiting");

        try (Admin a = Admin.create(kafka.admin())) {
            a.deleteAcls(List.of(new AclBindingFilter(
                    new org.apache.kafka.common.resource.ResourcePatternFilter(
                            org.apache.kafka.common.resource.ResourceType.TOPIC, Topics.events("kurashiki"),
                            org.apache.kafka.common.resource.PatternType.LITERAL),
                    new org.apache.kafka.common.acl.AccessControlEntryFilter("User:" + PRINCIPAL, null,
                            org.apache.kafka.common.acl.AclOperation.ANY,
                            org.apache.kafka.common.acl.AclPermissionType.ANY)))).all().get(30, TimeUnit.SECONDS);
        }
        // refused on the topic (or, for the idempotent producer, on the cluster): either way the sentence names the fix
        String refused = "does not allow this client's principal on ";
        await("the withdrawn ACL in force").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> agent("status", "--application", "juki-batch", "--status", "DEGRADED").stdout()
                        .contains(refused));
        Run failing = agent("status");
        assertThat(failing.exit()).isEqualTo(1);
        assertThat(failing.stdout()).startsWith("delivery: FAILING since ").contains(refused,
                "grant its ACLs (KafkaAccessTool plan, docs/security.md) or check mihari.agent.kafka.sasl.jaas.config");
        assertThat(failing.stdout()).containsPattern("spool: [1-9]\\d* events waiting");

        tool("apply", Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize()
                .resolve("deploy/catalog/sample-catalog.yaml").toString(), "--admin-config", admin.toString());
        await("delivery again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> agent("status", "--application", "juki-web", "--status", "RUNNING").stdout()
                        .contains("events delivered to Kafka"));
        assertThat(agent("status").stdout()).startsWith("delivery: OK since ").contains("spool: 0 events waiting");
        assertThat(delivered()).contains("juki-web", "juki-batch");
    }
}
