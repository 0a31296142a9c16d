package io.mihari.testsupport;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A single-node KRaft Kafka in a container ({@code apache/kafka}, the version of the Kafka clients the tests use),
 * with the same broker settings as the in-JVM {@link KafkaBroker}.
 */
final class KafkaContainerBroker implements TestKafka {

    /** Another image, e.g. from a mirror: {@code -Dmihari.test.kafka-image=registry.example/apache/kafka:4.1.2}. */
    static final String IMAGE_PROPERTY = "mihari.test.kafka-image";

    private final KafkaContainer container;

    private KafkaContainerBroker(KafkaContainer container) {
        this.container = container;
    }

    static String image() {
        return System.getProperty(IMAGE_PROPERTY, "apache/kafka:" + AppInfoParser.getVersion());
    }

    static KafkaContainerBroker start() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image()).asCompatibleSubstituteFor("apache/kafka"))
                // as KafkaBroker: a single broker must be able to create __consumer_offsets, and groups start at once
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_NUM_PARTITIONS", "3");
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new IllegalStateException("could not start the Kafka container " + image() + ": " + e.getMessage(), e);
        }
        return new KafkaContainerBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
