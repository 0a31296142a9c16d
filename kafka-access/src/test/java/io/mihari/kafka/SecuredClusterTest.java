package io.mihari.kafka;

import io.mihari.model.event.Topics;
import io.mihari.testsupport.SecureKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The ACLs of {@link KafkaAccess}, applied by {@link KafkaAccessTool} as an operator applies them, on a real broker
 * secured as production is ({@link SecureKafka}: SASL_SSL only, SCRAM, StandardAuthorizer, nothing allowed by
 * default): each principal can do what it needs and nothing else, and what a careless or hostile client does gets
 * an answer that names the setting to fix.
 */
class SecuredClusterTest {

    static final Path CATALOG = Path.of("../deploy/catalog/sample-catalog.yaml");
    static final String KURASHIKI_AGENT = KafkaAccess.agentPrincipal("kurashiki", "krs-juki-db1");
    static final String TAKAMATSU_AGENT = KafkaAccess.agentPrincipal("takamatsu", "tkm-juki-ap1");
    static final String ALERT = KafkaAccess.Principals.DEFAULT.alertService();
    static final String DASHBOARD = KafkaAccess.Principals.DEFAULT.dashboard();
    static final String STRANGER = "someone-with-a-login";

    static SecureKafka kafka;
    static final Map<String, String> passwords = new HashMap<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void secureCluster() throws Exception {
        kafka = SecureKafka.start();
        Path admin = kafka.adminConfigFile(dir.resolve("admin.properties"));
        for (String user : List.of(KURASHIKI_AGENT, TAKAMATSU_AGENT, ALERT, DASHBOARD, STRANGER)) {
            String password = UUID.randomUUID().toString();
            passwords.put(user, password);
            Path file = Files.writeString(dir.resolve(user + ".password"), password + "\n");
            assertThat(tool("add-user", user, "--password-file", file.toString(), "--admin-config", admin.toString()))
                    .isEqualTo("user " + user + ": SCRAM-SHA-512 credentials set\n");
        }
        assertThat(tool("apply", CATALOG.toString(), "--admin-config", admin.toString())).endsWith(" ACLs in force\n");
        // alert-service makes the topics with its own principal, as it does at its start
        await("alert-service may create Mihari's topics").atMost(Duration.ofSeconds(30))
                .ignoreExceptionsInstanceOf(ExecutionException.class).until(() -> {
                    try (Admin a = Admin.create(as(ALERT))) {
                        List<NewTopic> topics = new ArrayList<>();
                        for (String t : List.of(Topics.events("kurashiki"), Topics.events("takamatsu"),
                                Topics.EVENTS_DLQ, Topics.COMMANDS, Topics.COMMANDS_DLQ, Topics.SIGNALS,
                                Topics.INCIDENTS)) {
                            topics.add(new NewTopic(t, Optional.of(3), Optional.empty()));
                        }
                        var existing = a.listTopics().names().get(30, TimeUnit.SECONDS);
                        topics.removeIf(t -> existing.contains(t.name()));
                        a.createTopics(topics).all().get(30, TimeUnit.SECONDS);
                        return true;
                    }
                });
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    static String tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new KafkaAccessTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    static Map<String, Object> as(String user) {
        Map<String, Object> config = kafka.client(user, passwords.get(user));
        config.put("default.api.timeout.ms", 20_000);
        config.put("request.timeout.ms", 10_000);
        return config;
    }

    static KafkaProducer<String, String> producer(Map<String, Object> config) {
        Map<String, Object> all = new HashMap<>(config);
        all.putIfAbsent("max.block.ms", 10_000);
        all.put("delivery.timeout.ms", 15_000);
        all.put("request.timeout.ms", 10_000);
        all.put("linger.ms", 0);
        return new KafkaProducer<>(all, new StringSerializer(), new StringSerializer());
    }

    /** What one send as {@code user} to {@code topic} ends in: null when written, else the cause. */
    static Throwable send(String user, String topic) {
        try (KafkaProducer<String, String> p = producer(as(user))) {
            p.send(new ProducerRecord<>(topic, "kurashiki/krs-juki-db1", "{}")).get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    /** Writes the principal's ACLs allow, once the broker has them (they and users apply asynchronously). */
    static void awaitWrites(String user, String topic) {
        await(user + " writes " + topic).atMost(Duration.ofSeconds(60)).until(() -> send(user, topic) == null);
    }

    @Test
    void anAgentWritesOnlyItsOwnCitysEventsAndReadsNothing() {
        awaitWrites(KURASHIKI_AGENT, Topics.events("kurashiki"));
        awaitWrites(TAKAMATSU_AGENT, Topics.events("takamatsu"));

        assertThat(send(KURASHIKI_AGENT, Topics.events("takamatsu"))).isInstanceOf(TopicAuthorizationException.class);
        assertThat(send(TAKAMATSU_AGENT, Topics.events("kurashiki"))).isInstanceOf(TopicAuthorizationException.class);
        assertThat(send(KURASHIKI_AGENT, Topics.COMMANDS)).isInstanceOf(TopicAuthorizationException.class);
        assertThat(send(KURASHIKI_AGENT, Topics.EVENTS_DLQ)).isInstanceOf(TopicAuthorizationException.class);
        Throwable explained = send(KURASHIKI_AGENT, Topics.events("takamatsu"));
        assertThat(KafkaProblems.explain(explained, kafka.bootstrapServers(), "mihari.agent.kafka."))
                .isEqualTo("Kafka at " + kafka.bootstrapServers() + " does not allow this client's principal on "
                        + "topic(s) [mihari.events.v1.takamatsu]: grant its ACLs (KafkaAccessTool plan, "
                        + "docs/security.md) or check mihari.agent.kafka.sasl.jaas.config (the principal it logs in as)");

        assertThat(readError(KURASHIKI_AGENT, Topics.events("kurashiki"), "mihari-alert-service"))
                .isInstanceOf(GroupAuthorizationException.class);
        assertThat(readError(KURASHIKI_AGENT, Topics.events("kurashiki"), null))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(readError(KURASHIKI_AGENT, Topics.INCIDENTS, null)).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void dashboardApiWritesOnlyCommandsAndAlertServiceCannotForgeEventsOrCommands() {
        awaitWrites(DASHBOARD, Topics.COMMANDS);
        assertThat(send(DASHBOARD, Topics.events("kurashiki"))).isInstanceOf(TopicAuthorizationException.class);
        assertThat(readError(DASHBOARD, Topics.COMMANDS, null)).isInstanceOf(TopicAuthorizationException.class);

        awaitWrites(ALERT, Topics.EVENTS_DLQ);
        assertThat(send(ALERT, Topics.SIGNALS)).isNull();
        assertThat(send(ALERT, Topics.INCIDENTS)).isNull();
        assertThat(send(ALERT, Topics.events("kurashiki"))).isInstanceOf(TopicAuthorizationException.class);
        assertThat(send(ALERT, Topics.COMMANDS)).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void alertServiceReadsEveryCitysEventsInItsOwnGroupOnly() {
        awaitWrites(KURASHIKI_AGENT, Topics.events("kurashiki"));
        awaitWrites(TAKAMATSU_AGENT, Topics.events("takamatsu"));
        Map<String, Object> config = new HashMap<>(as(ALERT));
        config.put("group.id", "mihari-alert-service");
        config.put("auto.offset.reset", "earliest");
        config.put("metadata.max.age.ms", 1000);
        List<String> topics = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            c.subscribe(Topics.EVENTS_PATTERN);
            await("both cities' events").atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    topics.add(r.topic());
                }
                return topics.contains(Topics.events("kurashiki")) && topics.contains(Topics.events("takamatsu"));
            });
        }
        assertThat(readError(ALERT, Topics.events("kurashiki"), "someone-elses-group"))
                .isInstanceOf(GroupAuthorizationException.class);
    }

    @Test
    void aLoginWithoutACLsSeesAndWritesNothing() throws Exception {
        // once its login is known to the broker (users apply asynchronously), every write is refused
        await("the stranger's login").atMost(Duration.ofSeconds(60))
                .until(() -> send(STRANGER, Topics.events("kurashiki")) instanceof TopicAuthorizationException);
        try (Admin a = Admin.create(as(STRANGER))) {
            assertThat(a.listTopics().names().get(20, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndTheMessageNamesTheSetting() {
        Map<String, Object> config = kafka.client(KURASHIKI_AGENT, "not-the-password");
        Throwable error = sendWith(config);
        assertThat(error).isInstanceOf(SaslAuthenticationException.class);
        assertThat(KafkaProblems.explain(error, kafka.bootstrapServers(), "mihari.agent.kafka."))
                .startsWith("Kafka at " + kafka.bootstrapServers() + " refused this client's credentials (")
                .endsWith("): check mihari.agent.kafka.sasl.jaas.config (user name and password) and "
                        + "mihari.agent.kafka.sasl.mechanism");
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsRefusedAndTheMessageNamesTheTrustStore() {
        Map<String, Object> config = as(KURASHIKI_AGENT);
        config.put("ssl.truststore.location", kafka.certificates().otherTruststore().toString());
        Throwable error = sendWith(config);
        assertThat(error).isInstanceOf(SslAuthenticationException.class);
        assertThat(KafkaProblems.explain(error, kafka.bootstrapServers(), "kafka."))
                .isEqualTo("TLS with Kafka at " + kafka.bootstrapServers() + " failed: the broker's certificate is "
                        + "not trusted: check kafka.ssl.truststore.location (it must hold the CA that signed the "
                        + "broker's certificate)");
    }

    @Test
    void plaintextAndTlsWithoutALoginAreRefused() {
        for (String protocol : List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT")) {
            Map<String, Object> config = as(KURASHIKI_AGENT);
            config.put("security.protocol", protocol);
            config.put("max.block.ms", 5_000); // it never gets an answer: refused connections look like silence
            if (!protocol.startsWith("SASL")) {
                config.remove("sasl.mechanism");
                config.remove("sasl.jaas.config");
            }
            assertThat(sendWith(config)).as(protocol).isNotNull();
        }
    }

    /** One send to Kurashiki's topic with this config, without waiting for ACLs: what it ended in. */
    static Throwable sendWith(Map<String, Object> config) {
        try (KafkaProducer<String, String> p = producer(config)) {
            p.send(new ProducerRecord<>(Topics.events("kurashiki"), "kurashiki/krs-juki-db1", "{}"))
                    .get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    /** What reading {@code topic} as {@code user} ends in (in {@code group}, or assigned without one). */
    static Throwable readError(String user, String topic, String group) {
        Map<String, Object> config = new HashMap<>(as(user));
        if (group != null) {
            config.put("group.id", group);
        }
        config.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            if (group != null) {
                c.subscribe(List.of(topic));
            } else {
                c.assign(List.of(new TopicPartition(topic, 0)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500));
            }
            return null;
        } catch (Exception e) {
            return e;
        }
    }
}
