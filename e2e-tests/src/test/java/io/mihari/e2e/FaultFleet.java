package io.mihari.e2e;

import io.mihari.model.event.BatchRun;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Payload;
import io.mihari.model.event.Samples;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet of simulated agents for the fault run: every target sends a heartbeat every {@code interval}, a passing
 * HTTP check every third interval, a resource sample every sixth and a successful batch run every thirtieth, the
 * targets spread evenly over the interval. Every event has an id of this run ({@code <run>-<n>}) and is noted as
 * <em>sent</em> only when Kafka acknowledged it (what an agent's spool records as delivered); an event whose send
 * failed for good is noted as failed (a real agent would keep it in its spool and send it again; this fleet sends it
 * again too, under the same id). A target can be silenced (a real outage: nothing more from it) and resumed.
 */
final class FaultFleet implements AutoCloseable {

    private static final Duration TICK = Duration.ofMillis(100);
    static final String CHECK_NAME = "fault-web";
    static final String JOB_NAME = "nightly-juki";

    private final String bootstrapServers;
    /** Replaced after a failure, as an agent's shipper does (at most every {@link #RESET_EVERY}; sender thread only). */
    private volatile KafkaProducer<String, byte[]> producer;
    /** Which producer is current: a failure of an earlier one (aborted when it was replaced) asks for no reset. */
    private final AtomicLong generation = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean resetWanted = new java.util.concurrent.atomic.AtomicBoolean();
    private long lastReset = System.nanoTime();
    private static final Duration RESET_EVERY = Duration.ofSeconds(5);
    /** A producer that neither acknowledges nor fails for this long while events wait is replaced too. */
    private static final Duration SILENT_FOR = Duration.ofSeconds(30);
    /** When Kafka last acknowledged one of the fleet's events (monotonic). */
    private volatile long lastAck = System.nanoTime();
    private final Clock clock;
    private final String run;
    private final int intervalSeconds;
    private final List<List<Member>> slots = new ArrayList<>();
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fault-fleet");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ids = new AtomicLong();
    /** Event id → its event, until Kafka acknowledged it (or failed it for good: then sent again). */
    private final Map<String, Event> inFlight = new ConcurrentHashMap<>();
    /** Ids Kafka acknowledged (events made before the {@link #cut()} only). */
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final AtomicLong failures = new AtomicLong();
    /** Told when the fleet's sends start failing, when Kafka acknowledges again, and when what was in flight then is. */
    private volatile java.util.function.Consumer<String> noter = what -> { };
    /** Whether sends are failing (since the first failure, until the next acknowledgement). */
    private final java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
    /** The events in flight when Kafka acknowledged again, until each is acknowledged (then said once). */
    private final Set<String> backlog = ConcurrentHashMap.newKeySet();
    /**
     * What the agents wrote, in order, for the sender: an agent's spool. Made on time by the ticker whatever Kafka
     * does; handed to the producer by its own thread, which may block while the broker is away.
     */
    private final java.util.concurrent.LinkedBlockingQueue<Event> spool = new java.util.concurrent.LinkedBlockingQueue<>();
    private final Thread sender = new Thread(this::sendLoop, "fault-fleet-sender");
    private volatile boolean closed;
    private volatile boolean cut;
    private long tick;
    private int nextSlot;

    private static final class Member {
        final String tenant;
        final String system;
        final String host;
        long seq;
        long rounds;
        boolean active = true;
        /** How far this agent's wall clock is off (its events' {@code occurredAt}): a clock jump. */
        Duration skew = Duration.ZERO;
        Instant lastHeartbeat;

        Member(String tenant, String system, String host) {
            this.tenant = tenant;
            this.system = system;
            this.host = host;
        }
    }

    FaultFleet(String bootstrapServers, Clock clock, String run, Duration interval) {
        this.bootstrapServers = bootstrapServers;
        this.producer = newProducer();
        this.clock = clock;
        this.run = run;
        this.intervalSeconds = Math.toIntExact(interval.toSeconds());
        for (long i = 0; i < interval.toMillis() / TICK.toMillis(); i++) {
            slots.add(new ArrayList<>());
        }
        sender.setDaemon(true);
        sender.start();
        ticker.scheduleAtFixedRate(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts these targets ({@code tenant/host}, system = host up to its last {@code -h}). */
    synchronized void add(Collection<String> targetIds) {
        for (String targetId : targetIds) {
            String tenant = targetId.substring(0, targetId.indexOf('/'));
            String host = targetId.substring(targetId.indexOf('/') + 1);
            Member member = new Member(tenant, host.substring(0, host.lastIndexOf("-h")), host);
            if (members.putIfAbsent(targetId, member) == null) {
                slots.get(nextSlot).add(member);
                nextSlot = (nextSlot + 1) % slots.size();
            }
        }
    }

    /** Nothing more from this target after this returns; its last heartbeat's instant (wall clock). */
    synchronized Instant silence(String targetId) {
        Member member = members.get(targetId);
        member.active = false;
        return member.lastHeartbeat;
    }

    synchronized void resume(String targetId) {
        members.get(targetId).active = true;
    }

    /** From now on these targets' agents date their events {@code skew} off the true time (0: right again). */
    synchronized void skew(Collection<String> targetIds, Duration skew) {
        targetIds.forEach(id -> members.get(id).skew = skew);
    }

    /** Whether every target has sent at least one heartbeat. */
    synchronized boolean allStarted() {
        return members.values().stream().allMatch(m -> m.lastHeartbeat != null);
    }

    Set<String> acked() {
        return acked;
    }

    /** Events made and not yet acknowledged by Kafka (in the spool, in the producer, or failed and to send again). */
    int inFlight() {
        return inFlight.size();
    }

    /** Sends that failed (each sent again under the same id). */
    long failures() {
        return failures.get();
    }

    String run() {
        return run;
    }

    private synchronized void tick() {
        List<Member> due = slots.get((int) (tick++ % slots.size()));
        Instant now = clock.instant();
        for (Member m : due) {
            if (!m.active) {
                continue;
            }
            long round = m.rounds++;
            Instant dated = now.plus(m.skew);
            send(event(m, new Heartbeat(intervalSeconds, "fault-fleet"), dated));
            m.lastHeartbeat = now;
            if (round % 3 == 1) {
                send(event(m, new CheckResult(CHECK_NAME, CheckResult.Kind.HTTP, CheckResult.Status.UP, 35,
                        "HTTP 200 OK", 87), dated));
            }
            if (round % 6 == 2) {
                send(event(m, Samples.PAYLOADS.get(EventType.RESOURCE_SAMPLE), dated));
            }
            if (round % 30 == 4) {
                send(event(m, new BatchRun(JOB_NAME, run + "-" + m.host + "-" + round, BatchRun.State.SUCCEEDED, 0,
                        1200L, "done"), dated));
            }
        }
    }

    private Event event(Member m, Payload payload, Instant at) {
        return BenchEvents.event(run + (cut ? "x-" : "-") + ids.incrementAndGet(), m.tenant, m.system, m.host, ++m.seq, payload, at);
    }

    /** Into the spool: sent by the sender thread. */
    private void send(Event event) {
        inFlight.put(event.eventId(), event);
        spool.add(event);
    }

    /** A send of the current producer failed: said once until Kafka acknowledges again. */
    private void failed() {
        if (failing.compareAndSet(false, true)) {
            noter.accept("the fleet's sends fail");
        }
    }

    /** Where the fleet says when its sends fail, succeed again, and when what was in flight then is acknowledged. */
    void noter(java.util.function.Consumer<String> noter) {
        this.noter = noter;
    }

    private KafkaProducer<String, byte[]> newProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // a broker down for a minute (and its restart) is waited through, as an agent's spool would
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A fresh producer after a failure of the current one, at most every {@link #RESET_EVERY}: what the agent's
     * shipper does ({@code Shipper.resetProducer}), so no half-failed producer state (e.g. of an idempotent producer
     * after a broker's unclean restart) keeps the fleet from delivering. What the old one still held fails and goes
     * back into the spool (same ids).
     */
    private void resetIfWanted() {
        long now = System.nanoTime();
        if (!inFlight.isEmpty() && now - lastAck > SILENT_FOR.toNanos()) {
            resetWanted.set(true);
        }
        if (!resetWanted.get() || now - lastReset < RESET_EVERY.toNanos()) {
            return;
        }
        lastReset = now;
        KafkaProducer<String, byte[]> old = producer;
        try {
            KafkaProducer<String, byte[]> fresh = newProducer();
            generation.incrementAndGet();
            resetWanted.set(false);
            producer = fresh;
        } catch (RuntimeException e) {
            noter.accept("the fleet cannot make a new producer (" + e + "): it tries again in " + RESET_EVERY);
            return;
        }
        old.close(Duration.ZERO);
    }

    private void sendLoop() {
        while (!closed) {
            Event event;
            try {
                event = spool.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            resetIfWanted();
            if (event != null) {
                produce(event);
            }
        }
    }

    private void produce(Event event) {
        long sentBy = generation.get();
        try {
            producer.send(new ProducerRecord<>(Topics.eventsOf(event.targetId()), event.targetId(),
                    EventCodec.encode(event)), (metadata, e) -> {
                        if (e == null) {
                            lastAck = System.nanoTime();
                            if (failing.compareAndSet(true, false)) {
                                backlog.addAll(inFlight.keySet());
                                noter.accept("the fleet's sends are acknowledged again (" + backlog.size()
                                        + " events in flight)");
                            }
                            if (backlog.remove(event.eventId()) && backlog.isEmpty()) {
                                noter.accept("the fleet's events made before are all acknowledged");
                            }
                            if (event.eventId().startsWith(run + "-")) {
                                acked.add(event.eventId());
                            }
                            inFlight.remove(event.eventId());
                        } else {
                            failures.incrementAndGet();
                            if (sentBy == generation.get()) {
                                failed(); // an earlier producer's aborted sends say nothing new
                                resetWanted.set(true);
                            }
                            spool.add(event);
                        }
                    });
        } catch (RuntimeException e) {
            // the producer could not take it now (metadata or buffer): back into the spool, sent again
            failures.incrementAndGet();
            failed();
            resetWanted.set(true);
            spool.add(event);
        }
    }

    /**
     * The count's cut: events made from now on get ids outside the run's ({@code <run>x-<n>}), so what was made
     * before can be counted against what was stored while the fleet goes on (its targets must stay UP while the
     * count runs: a fleet that stopped would go DOWN).
     */
    void cut() {
        cut = true;
    }

    /** Events made before the {@link #cut()} and not yet acknowledged by Kafka. */
    long inFlightBeforeCut() {
        return inFlight.keySet().stream().filter(id -> id.startsWith(run + "-")).count();
    }

    @Override
    public void close() {
        closed = true;
        sender.interrupt();
        try {
            sender.join(TimeUnit.SECONDS.toMillis(10)); // no producer made by a reset after this one is closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(30));
    }
}
