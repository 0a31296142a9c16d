package io.mihari.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node KRaft broker secured as production is: clients connect only over TLS with SASL/SCRAM-SHA-512
 * (no plaintext listener), the controller listener requires mutual TLS, and the {@code StandardAuthorizer} allows
 * nothing that no ACL allows — except to the super user {@code admin}, which this class uses to set users up. The
 * certificates come from {@link TestCertificates}. Like {@link KafkaProcess}, a child process on free ports.
 */
public final class SecureKafka implements AutoCloseable {

    public static final String ADMIN = "admin";
    /** The principal of the broker's own certificate (controller connections). */
    static final String BROKER_DN = "CN=mihari-broker";

    private final KafkaProcess process;
    private final TestCertificates certificates;
    private final String adminPassword;
    private final int port;

    private SecureKafka(KafkaProcess process, TestCertificates certificates, String adminPassword, int port) {
        this.process = process;
        this.certificates = certificates;
        this.adminPassword = adminPassword;
        this.port = port;
    }

    public static SecureKafka start() {
        try {
            Path dir = Files.createTempDirectory("mihari-secure-kafka-");
            TestCertificates certificates = TestCertificates.create(dir.resolve("tls"), "mihari-broker");
            String adminPassword = UUID.randomUUID().toString();
            int port = FreePorts.next();
            int controller = FreePorts.next();
            String store = certificates.password();
            Path config = dir.resolve("server.properties");
            Files.writeString(config, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controller,
                    "listeners=SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                    "advertised.listeners=SASL_SSL://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=SASL_SSL",
                    "listener.security.protocol.map=CONTROLLER:SSL,SASL_SSL:SASL_SSL",
                    "listener.name.controller.ssl.client.auth=required",
                    "sasl.enabled.mechanisms=SCRAM-SHA-512",
                    "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                    "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=" + jaas(ADMIN, adminPassword),
                    "ssl.keystore.type=PKCS12",
                    "ssl.keystore.location=" + certificates.serverKeystore(),
                    "ssl.keystore.password=" + store,
                    "ssl.key.password=" + store,
                    "ssl.truststore.type=PKCS12",
                    "ssl.truststore.location=" + certificates.truststore(),
                    "ssl.truststore.password=" + store,
                    "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                    "super.users=User:" + ADMIN + ";User:" + BROKER_DN,
                    "allow.everyone.if.no.acl.found=false",
                    "auto.create.topics.enable=false",
                    KafkaProcess.singleNode(dir), ""), StandardCharsets.UTF_8);
            Map<String, Object> admin = client(port, certificates, ADMIN, adminPassword);
            KafkaProcess process = KafkaProcess.start(dir, config, port, admin,
                    List.of("--add-scram", "SCRAM-SHA-512=[name=" + ADMIN + ",password=" + adminPassword + "]"));
            return new SecureKafka(process, certificates, adminPassword, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the secured Kafka", e);
        }
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static Map<String, Object> client(int port, TestCertificates certificates, String user, String password) {
        Map<String, Object> config = new HashMap<>(connection(certificates, user, password));
        config.put("bootstrap.servers", "127.0.0.1:" + port);
        return config;
    }

    /** TLS (trusting the test CA) and SCRAM settings of a client logging in as {@code user}, without the servers. */
    public static Map<String, String> connection(TestCertificates certificates, String user, String password) {
        return Map.of("security.protocol", "SASL_SSL",
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", certificates.truststore().toString(),
                "ssl.truststore.password", certificates.password(),
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", jaas(user, password));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /** A client config (servers, TLS, SASL) that logs in as {@code user}. */
    public Map<String, Object> client(String user, String password) {
        return client(port, certificates, user, password);
    }

    /** The super user's client config: only for setting users and ACLs up. */
    public Map<String, Object> admin() {
        return client(ADMIN, adminPassword);
    }

    /** The super user's config as a Kafka properties file (for an operator's tool). */
    public Path adminConfigFile(Path file) {
        StringBuilder text = new StringBuilder();
        admin().forEach((k, v) -> text.append(k).append('=').append(v.toString().replace("\\", "\\\\")).append('\n'));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Gives {@code user} SCRAM-SHA-512 credentials (as an operator does once per principal). */
    public void addUser(String user, String password) {
        try (Admin admin = Admin.create(admin())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot add Kafka user " + user, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
