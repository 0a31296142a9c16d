package io.mihari.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Testcontainers path: Kafka, OpenSearch and GreenMail in containers, used as the services use them. Skipped,
 * with the reason, where no Docker engine answers or {@code mihari.test.infra=local} says not to ask.
 */
class ContainerInfraTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<AutoCloseable> STARTED = new ArrayList<>();

    /** Why the Testcontainers path cannot run here, or null when it can. */
    static String skipReason;

    @BeforeAll
    static void askForADockerEngine() {
        if (InfraChoice.setting(System.getProperty(InfraChoice.PROPERTY), System.getenv(InfraChoice.ENVIRONMENT))
                == InfraChoice.Setting.LOCAL) {
            skipReason = InfraChoice.PROPERTY + "=local";
        } else {
            DockerProbe.Answer docker = DockerProbe.once();
            skipReason = docker.answers() ? null : "no Docker engine answered (" + docker.reason() + ")";
        }
        if (skipReason != null) {
            System.out.println("mihari-infra: " + skipReason + "; the Testcontainers path (Kafka, OpenSearch, "
                    + "GreenMail containers) is skipped");
        }
    }

    @BeforeEach
    void needsADockerEngine() {
        assumeTrue(skipReason == null, () -> skipReason + ": the Testcontainers path is skipped");
    }

    @AfterAll
    static void stopContainers() throws Exception {
        for (AutoCloseable container : STARTED) {
            container.close();
        }
    }

    static <T extends AutoCloseable> T started(T container) {
        STARTED.add(container);
        return container;
    }

    @Test
    void kafkaTakesARecordAndGivesItBack() {
        TestKafka kafka = started(InfraMode.CONTAINERS.startKafka());
        Map<String, Object> common = Map.of("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(common, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("mihari.events.v1.kurashiki", "kurashiki/krs-juki-mon1", "{}")).get();
        } catch (Exception e) {
            throw new AssertionError("the Kafka container took no record", e);
        }
        Map<String, Object> consumerConfig = new java.util.HashMap<>(common);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "container-test");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("mihari.events.v1.kurashiki"));
            List<String> keys = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(record.key());
                }
                return !keys.isEmpty();
            });
            assertThat(keys).containsExactly("kurashiki/krs-juki-mon1");
            assertThat(consumer.partitionsFor("mihari.events.v1.kurashiki")).as("num.partitions as KafkaBroker").hasSize(3);
        }
    }

    @Test
    void openSearchAnswersWithoutALoginAndCreatesIndicesOnWrite() throws Exception {
        TestOpenSearch openSearch = started(InfraMode.CONTAINERS.launchOpenSearch());
        openSearch.awaitReady();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create(openSearch.url() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> written = http.send(HttpRequest.newBuilder(URI.create(openSearch.url() + "/mihari-test/_doc/1"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(openSearch.url()).startsWith("http://");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).contains("\"number\" : \"" + OpenSearchNode.VERSION + "\"");
        assertThat(written.statusCode()).isEqualTo(201);
    }

    @Test
    void greenMailShowsWhatArrivedAndSurvivesAnOutageOnTheSamePort() {
        TestMailServer mail = started(InfraMode.CONTAINERS.startMail());
        TestMails.send(mail.host(), mail.smtpPort(), "<before@mihari.example.org>", "初報 before", "dx@city.kurashiki.example");
        await().atMost(WAIT).until(() -> mail.messages().size() == 1);

        mail.stop();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(mail.host(), mail.smtpPort()), 2000);
            }
        }).as("SMTP during the outage").isInstanceOf(IOException.class);
        assertThat(mail.messages()).extracting(ReceivedMail::subject).containsExactly("初報 before");

        mail.startAgain();
        TestMails.send(mail.host(), mail.smtpPort(), "<after@mihari.example.org>", "初報 after", "dx@city.kurashiki.example");
        // the container's REST API may not answer for a moment after the restart: that is retried, not a failure
        await().atMost(WAIT).ignoreException(IllegalStateException.class)
                .untilAsserted(() -> assertThat(mail.messages()).extracting(ReceivedMail::subject)
                .containsExactly("初報 before", "初報 after"));
        assertThat(mail.messages().get(1).headers()).containsEntry("Message-ID", "<after@mihari.example.org>");

        mail.purge();
        assertThat(mail.messages()).isEmpty();
    }
}
