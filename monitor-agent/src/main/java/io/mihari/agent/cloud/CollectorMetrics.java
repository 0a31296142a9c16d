package io.mihari.agent.cloud;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The collector's own figures, named as Prometheus would ({@code mihari_collector_*}): rounds, resources that could
 * not be read (per host), AWS Health calls that failed, and when each host was last read. The agent has no metrics
 * endpoint: {@link #text()} is logged by {@code cloud-collect} when something changes and on {@code --once}.
 */
public final class CollectorMetrics {

    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong healthFailures = new AtomicLong();
    private final Map<String, Long> failures = new TreeMap<>();
    private final Map<String, Instant> lastSuccess = new TreeMap<>();

    void polled() {
        polls.incrementAndGet();
    }

    synchronized void failed(String host) {
        failures.merge(host, 1L, Long::sum);
    }

    synchronized void read(String host, Instant at) {
        lastSuccess.put(host, at);
    }

    void healthFailed() {
        healthFailures.incrementAndGet();
    }

    public long polls() {
        return polls.get();
    }

    public synchronized long failures(String host) {
        return failures.getOrDefault(host, 0L);
    }

    public synchronized Instant lastSuccess(String host) {
        return lastSuccess.get(host);
    }

    /** The figures in the Prometheus text format. */
    public synchronized String text() {
        StringBuilder out = new StringBuilder();
        out.append("mihari_collector_polls_total ").append(polls.get()).append('\n');
        out.append("mihari_collector_health_failures_total ").append(healthFailures.get()).append('\n');
        failures.forEach((host, n) -> out.append("mihari_collector_failures_total{host=\"").append(host).append("\"} ")
                .append(n).append('\n'));
        lastSuccess.forEach((host, at) -> out.append("mihari_collector_last_success_seconds{host=\"").append(host)
                .append("\"} ").append(at.getEpochSecond()).append('\n'));
        return out.toString();
    }
}
