package io.mihari.e2e;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Watches a count of searchable documents grow to a target, polling every {@value #POLL_MILLIS} ms on its own
 * thread: when the first documents became searchable (and how many), and when all of them were. The rate
 * between those two observations is the same measure for the raw {@code _bulk} baseline and for alert-service,
 * whose own start-up it leaves out.
 */
final class BenchVisibility implements AutoCloseable {

    static final long POLL_MILLIS = 100;

    private final LongSupplier count;
    private final long target;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-visibility");
        t.setDaemon(true);
        return t;
    });
    private volatile long firstNanos = -1;
    private volatile long firstCount;
    private volatile long doneNanos = -1;
    private volatile long lastCount;
    private volatile RuntimeException lastError;

    BenchVisibility(LongSupplier count, long target) {
        this.count = count;
        this.target = target;
        poller.scheduleWithFixedDelay(this::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        if (doneNanos >= 0) {
            return;
        }
        long n;
        try {
            n = count.getAsLong();
        } catch (RuntimeException e) {
            lastError = e; // the next poll tries again; an exception escaping would end the schedule
            return;
        }
        long now = System.nanoTime();
        lastCount = n;
        if (n > 0 && firstNanos < 0) {
            firstCount = n;
            firstNanos = now;
        }
        if (n >= target) {
            doneNanos = now;
        }
    }

    boolean done() {
        return doneNanos >= 0;
    }

    long lastCount() {
        return lastCount;
    }

    RuntimeException lastError() {
        return lastError;
    }

    /** Seconds from this watch's start until everything was searchable. */
    double totalSeconds() {
        return (doneNanos - startNanos) / 1e9;
    }

    /** Seconds from this watch's start until the first documents were searchable. */
    double firstSeconds() {
        return (firstNanos - startNanos) / 1e9;
    }

    /** Documents per second from the first observation of searchable documents to the last document searchable. */
    double steadyRate() {
        if (doneNanos <= firstNanos || firstCount >= target) {
            return Double.NaN; // everything appeared at once: too few documents to measure a rate
        }
        return (target - firstCount) / ((doneNanos - firstNanos) / 1e9);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
