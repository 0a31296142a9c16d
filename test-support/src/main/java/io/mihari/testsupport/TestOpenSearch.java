package io.mihari.testsupport;

/**
 * The OpenSearch of a test JVM, wherever it runs: a child process ({@link OpenSearchNode}) or a
 * container ({@link OpenSearchContainerNode}), as {@link InfraChoice} decided. Launched first and
 * awaited later, so it can come up while Kafka and the mail server start.
 */
public interface TestOpenSearch extends AutoCloseable {

    /** Blocks until the server answers (yellow or green), or fails saying why. */
    void awaitReady();

    /** Plain HTTP, security disabled: {@code http://host:port}. */
    String url();
}
