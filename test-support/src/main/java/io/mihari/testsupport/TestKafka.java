package io.mihari.testsupport;

/**
 * The Kafka of a test JVM, wherever it runs: in the JVM ({@link KafkaBroker}) or in a container
 * ({@link KafkaContainerBroker}), as {@link InfraChoice} decided.
 */
public interface TestKafka extends AutoCloseable {

    /** {@code host:port} for {@code bootstrap.servers}. */
    String bootstrapServers();
}
