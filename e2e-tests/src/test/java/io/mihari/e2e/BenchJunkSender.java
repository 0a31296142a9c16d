package io.mihari.e2e;

import org.apache.kafka.clients.producer.Producer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends {@link BenchJunk} records and counts, by the reason code each must end with, those the broker
 * acknowledged: what alert-service has to account for. Either steadily (a batch every {@value #TICK_MILLIS} ms,
 * kinds interleaved, one 900 KB record every few seconds) or one by one, as the caller pleases.
 */
final class BenchJunkSender implements AutoCloseable {

    static final long TICK_MILLIS = 100;

    private final Producer<String, byte[]> producer;
    private final BenchJunk junk;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-junk");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> steady;
    private Tally steadyTally;

    /** Junk sent in one window: acknowledged records by the reason code they must end with. */
    static final class Tally {
        private final Map<String, LongAdder> acked = new ConcurrentHashMap<>();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong huge = new AtomicLong();
        private final long startNanos = System.nanoTime();
        private volatile long lastSubmitNanos = startNanos;

        /** Acknowledged records by expected reason code. */
        Map<String, Long> byCode() {
            Map<String, Long> m = new TreeMap<>();
            acked.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }

        long acked() {
            return acked.values().stream().mapToLong(LongAdder::sum).sum();
        }

        long failed() {
            return failed.get();
        }

        long huge() {
            return huge.get();
        }

        /** Seconds from the window's start to the last record handed to the producer. */
        double seconds() {
            return (lastSubmitNanos - startNanos) / 1e9;
        }

        long lastSubmitNanos() {
            return lastSubmitNanos;
        }
    }

    BenchJunkSender(Producer<String, byte[]> producer, BenchJunk junk) {
        this.producer = producer;
        this.junk = junk;
    }

    /**
     * Starts sending {@code perSecond} records a second, {@code perSecond / 10} every 100 ms, the kinds in turn,
     * the first of every {@code hugeEverySeconds}-th second a 900 KB one (none when 0).
     */
    synchronized Tally startSteady(int perSecond, int hugeEverySeconds) {
        if (steady != null) {
            throw new IllegalStateException("already sending");
        }
        Tally tally = new Tally();
        int perTick = Math.max(1, perSecond / (int) (1000 / TICK_MILLIS));
        long hugeEveryTicks = hugeEverySeconds * (1000 / TICK_MILLIS);
        AtomicLong tick = new AtomicLong();
        steady = ticker.scheduleAtFixedRate(() -> {
            long t = tick.getAndIncrement();
            for (int i = 0; i < perTick; i++) {
                boolean huge = i == 0 && hugeEveryTicks > 0 && t % hugeEveryTicks == 0;
                send(huge ? BenchJunk.Kind.HUGE : junk.nextSmall(), tally);
            }
        }, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        steadyTally = tally;
        return tally;
    }

    /** Stops the steady junk: nothing more is sent once this returns, and everything sent is acknowledged. */
    synchronized Tally stopSteady() throws InterruptedException {
        steady.cancel(false);
        try {
            // the tick under way, if any, ends before the next task of the single thread runs
            ticker.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the junk sender did not stop", e);
        }
        steady = null;
        producer.flush();
        return steadyTally;
    }

    /** Sends one junk record of this kind, counted in {@code tally} when the broker acknowledges it. */
    void send(BenchJunk.Kind kind, Tally tally) {
        try {
            producer.send(junk.record(kind), (m, e) -> {
                if (e == null) {
                    tally.acked.computeIfAbsent(kind.code, k -> new LongAdder()).increment();
                } else {
                    tally.failed.incrementAndGet();
                }
            });
            if (kind == BenchJunk.Kind.HUGE) {
                tally.huge.incrementAndGet();
            }
        } catch (RuntimeException e) {
            tally.failed.incrementAndGet(); // e.g. the producer's buffer stayed full; an exception escaping would end the schedule
        }
        tally.lastSubmitNanos = System.nanoTime();
    }

    BenchJunk junk() {
        return junk;
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
