package io.mihari.testsupport;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * OpenSearch in a container ({@code opensearchproject/opensearch}, the version of {@link OpenSearchNode}) with its
 * security plugin disabled, as the local node runs: plain HTTP, no login. Started in the background by
 * {@link #launch()} so Kafka and the mail server come up meanwhile.
 */
final class OpenSearchContainerNode implements TestOpenSearch {

    /** Another image, e.g. from a mirror: {@code -Dmihari.test.opensearch-image=…/opensearch:2.19.6}. */
    static final String IMAGE_PROPERTY = "mihari.test.opensearch-image";
    private static final int HTTP = 9200;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final GenericContainer<?> container;
    private final CompletableFuture<Void> started;

    private OpenSearchContainerNode(GenericContainer<?> container, CompletableFuture<Void> started) {
        this.container = container;
        this.started = started;
    }

    static String image() {
        return System.getProperty(IMAGE_PROPERTY, "opensearchproject/opensearch:" + OpenSearchNode.VERSION);
    }

    static OpenSearchContainerNode launch() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image()))
                .withExposedPorts(HTTP)
                .withEnv("discovery.type", "single-node")
                .withEnv("DISABLE_SECURITY_PLUGIN", "true")
                .withEnv("DISABLE_INSTALL_DEMO_CONFIG", "true")
                .withEnv("OPENSEARCH_JAVA_OPTS", "-Xms512m -Xmx512m")
                // as OpenSearchNode: a nearly full disk of a developer machine must not block writes
                .withEnv("cluster.routing.allocation.disk.threshold_enabled", "false")
                .withEnv("action.auto_create_index", "true")
                .waitingFor(Wait.forHttp("/_cluster/health?wait_for_status=yellow&timeout=2s")
                        .forPort(HTTP).forStatusCode(200).withStartupTimeout(START_TIMEOUT));
        CompletableFuture<Void> started = CompletableFuture.runAsync(container::start, task -> {
            Thread thread = new Thread(task, "mihari-opensearch-container");
            thread.setDaemon(true);
            thread.start();
        });
        return new OpenSearchContainerNode(container, started);
    }

    @Override
    public void awaitReady() {
        try {
            started.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the OpenSearch container " + image() + " did not become ready: "
                    + e.getCause().getMessage() + "\n" + tail(), e.getCause());
        }
    }

    private String tail() {
        try {
            String logs = container.getLogs();
            return logs.substring(Math.max(0, logs.length() - 4000));
        } catch (RuntimeException e) {
            return "(no container logs: " + e.getMessage() + ")";
        }
    }

    @Override
    public String url() {
        return "http://" + container.getHost() + ":" + container.getMappedPort(HTTP);
    }

    @Override
    public void close() {
        started.cancel(false);
        container.stop();
    }
}
