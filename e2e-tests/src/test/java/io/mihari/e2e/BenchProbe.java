package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mihari.e2e.BenchIndices.awaitQuietly;

/**
 * A valid event once a second whose effect is seen without waiting for an index refresh: a check result of one
 * registered target whose check policy is 1 failure to DOWN and 1 success to UP, alternately failing and passing,
 * so every result flips the target. For each it measures, from just before the send:
 * <ul>
 *   <li><b>stored</b>: the event is found by a realtime GET of its daily index ({@code _doc/<eventId>});</li>
 *   <li><b>judged</b>: {@code mihari-targets/_doc/<targetId>} (realtime GET) shows the target's status changed
 *       by it — {@code since} at or after the result's {@code occurredAt} (a check transition is dated by the
 *       result; results are applied in order, so a later one seen means this one was judged too).</li>
 * </ul>
 * Both are polled every {@value #POLL_MILLIS} ms on one thread. Windows ({@link #start}/{@link #stop}) measure
 * phases; the alternation continues across them.
 */
final class BenchProbe implements AutoCloseable {

    static final long POLL_MILLIS = 20;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

    private final Producer<String, byte[]> producer;
    private final BenchOpenSearch openSearch;
    private final Clock clock;
    private final String targetId;
    private final String tenant;
    private final String system;
    private final String host;
    /** A probe not stored and judged within this is given up (counted, never waited for longer). */
    private final Duration giveUpAfter;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-probe");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Probe> pending = new ConcurrentLinkedQueue<>();
    private long seq;
    private Window window;
    private ScheduledFuture<?> sender;

    /** One probe event on its way. */
    private static final class Probe {
        final String eventId;
        final String index;
        final Instant occurredAt;
        final long sentNanos;
        final Window window;
        volatile double stored = -1;
        volatile double judged = -1;

        Probe(Event event, long sentNanos, Window window) {
            this.eventId = event.eventId();
            this.index = "mihari-events-" + DAY.format(event.occurredAt());
            this.occurredAt = event.occurredAt();
            this.sentNanos = sentNanos;
            this.window = window;
        }
    }

    /** What one window measured: latencies in seconds. */
    static final class Window {
        final List<Double> stored = Collections.synchronizedList(new ArrayList<>());
        final List<Double> judged = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger sendErrors = new AtomicInteger();
        final AtomicInteger pollErrors = new AtomicInteger();
        final AtomicInteger givenUp = new AtomicInteger();

        /** Anything that went wrong, for the report; empty when nothing did. */
        String problems() {
            List<String> p = new ArrayList<>();
            if (givenUp.get() > 0) {
                p.add(givenUp.get() + " of " + sent.get() + " not stored and judged in time");
            }
            if (sendErrors.get() > 0) {
                p.add(sendErrors.get() + " not sent");
            }
            if (pollErrors.get() > 0) {
                p.add(pollErrors.get() + " failed polls");
            }
            return String.join("; ", p);
        }
    }

    /**
     * @param targetId the probe target ({@code tenant/host} as {@link BenchCatalog} names it), heartbeating (so it
     *        is UP when its check passes) with check policy 1/1
     */
    BenchProbe(Producer<String, byte[]> producer, BenchOpenSearch openSearch, Clock clock, String targetId,
            Duration giveUpAfter) {
        this.producer = producer;
        this.openSearch = openSearch;
        this.clock = clock;
        this.targetId = targetId;
        this.tenant = targetId.substring(0, targetId.indexOf('/'));
        this.host = targetId.substring(targetId.indexOf('/') + 1);
        this.system = host.substring(0, host.lastIndexOf("-h"));
        this.giveUpAfter = giveUpAfter;
        executor.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts a window: a probe now and every second until {@link #stop}. */
    synchronized Window start() {
        if (sender != null) {
            throw new IllegalStateException("a window is running");
        }
        window = new Window();
        sender = executor.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.SECONDS);
        return window;
    }

    /**
     * Stops sending: no probe is sent after this returns. The last result of a window is a passing one (one more is
     * sent if needed), so the target is left UP: a check left failing would open an incident after the grouping
     * wait.
     */
    synchronized void stopSending() {
        if (sender == null) {
            return;
        }
        sender.cancel(false);
        sender = null;
        if (seq % 2 == 1) {
            send();
        }
    }

    /** Ends the window ({@link #stopSending} if not done) and waits (bounded) until its last probes are measured. */
    synchronized Window stop() {
        stopSending();
        Window w = window;
        awaitQuietly("probes measured", giveUpAfter.plusSeconds(5), Duration.ofMillis(100),
                () -> pending.stream().noneMatch(p -> p.window == w));
        return w;
    }

    /** A scheduled probe; none once the window is stopped (a tick may have been waiting for the lock). */
    private synchronized void tick() {
        if (sender != null) {
            send();
        }
    }

    private void send() {
        Window w = window;
        boolean down = seq % 2 == 0; // DOWN, UP, DOWN, …: every result flips the target
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // what mihari-targets' `since` keeps
        Event e = BenchEvents.event(tenant, system, host, ++seq, new CheckResult("probe", CheckResult.Kind.HTTP,
                down ? CheckResult.Status.DOWN : CheckResult.Status.UP, 3, down ? "HTTP 503" : "HTTP 200", null), now);
        Probe p = new Probe(e, System.nanoTime(), w);
        pending.add(p);
        try {
            producer.send(new ProducerRecord<>(Topics.eventsOf(targetId), targetId, EventCodec.encode(e)), (m, failed) -> {
                if (failed != null) {
                    pending.remove(p);
                    w.sendErrors.incrementAndGet();
                }
            });
            w.sent.incrementAndGet();
        } catch (RuntimeException failed) {
            pending.remove(p); // an exception escaping would end the schedule
            w.sendErrors.incrementAndGet();
        }
    }

    private void poll() {
        try {
            for (Probe p : pending) {
                if (p.stored < 0 && openSearch.document(p.index, p.eventId) != null) {
                    p.stored = (System.nanoTime() - p.sentNanos) / 1e9;
                }
            }
            if (pending.stream().anyMatch(p -> p.judged < 0)) {
                JsonNode target = openSearch.document("mihari-targets", targetId);
                Instant since = target == null ? null : BenchOpenSearch.instant(target.path("since"));
                long now = System.nanoTime();
                for (Probe p : pending) {
                    if (p.judged < 0 && since != null && !since.isBefore(p.occurredAt)) {
                        p.judged = (now - p.sentNanos) / 1e9;
                    }
                }
            }
        } catch (RuntimeException e) {
            pending.stream().findFirst().ifPresent(p -> p.window.pollErrors.incrementAndGet()); // polled again soon
        }
        long now = System.nanoTime();
        for (Probe p : pending) {
            if (p.stored >= 0 && p.judged >= 0) {
                p.window.stored.add(p.stored);
                p.window.judged.add(p.judged);
                pending.remove(p);
            } else if (now - p.sentNanos > giveUpAfter.toNanos()) {
                p.window.givenUp.incrementAndGet();
                pending.remove(p);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
