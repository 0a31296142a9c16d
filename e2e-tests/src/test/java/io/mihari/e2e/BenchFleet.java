package io.mihari.e2e;

import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many agents at once: every target added sends a heartbeat every {@code interval}, the targets spread evenly
 * over the interval (as real agents started at different times are), until it is silenced. One thread, one
 * producer; a heartbeat's send time is taken on the wall clock just before it is handed to the producer.
 */
final class BenchFleet implements AutoCloseable {

    private static final Duration TICK = Duration.ofMillis(100);

    private final Producer<String, byte[]> producer;
    private final Clock clock;
    private final int intervalSeconds;
    /** One list of members per tick of the interval; a member sends when its tick comes round. */
    private final List<List<Member>> slots = new ArrayList<>();
    private final Map<String, Member> members = new HashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-fleet");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long tick;
    private int nextSlot;

    private static final class Member {
        final String tenant;
        final String system;
        final String host;
        long seq;
        boolean active = true;
        Instant lastSent;

        Member(String tenant, String system, String host) {
            this.tenant = tenant;
            this.system = system;
            this.host = host;
        }
    }

    BenchFleet(Producer<String, byte[]> producer, Clock clock, Duration interval) {
        this.producer = producer;
        this.clock = clock;
        this.intervalSeconds = Math.toIntExact(interval.toSeconds());
        long perInterval = interval.toMillis() / TICK.toMillis();
        for (long i = 0; i < perInterval; i++) {
            slots.add(new ArrayList<>());
        }
        ticker.scheduleAtFixedRate(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts heartbeats of these targets ({@code tenant/host}; the system group is the host up to its last
     * {@code -h}, as {@link BenchCatalog} names them). Each sends first within one interval.
     */
    synchronized void add(Collection<String> targetIds) {
        for (String targetId : targetIds) {
            if (members.containsKey(targetId)) {
                continue;
            }
            String tenant = targetId.substring(0, targetId.indexOf('/'));
            String host = targetId.substring(targetId.indexOf('/') + 1);
            Member member = new Member(tenant, host.substring(0, host.lastIndexOf("-h")), host);
            members.put(targetId, member);
            slots.get(nextSlot).add(member);
            nextSlot = (nextSlot + 1) % slots.size();
        }
    }

    /**
     * Stops these targets' heartbeats at once: no heartbeat of theirs is sent after this returns.
     *
     * @return when each last sent a heartbeat (wall clock)
     */
    synchronized Map<String, Instant> silence(Collection<String> targetIds) {
        Map<String, Instant> last = new HashMap<>();
        for (String targetId : targetIds) {
            Member member = members.get(targetId);
            if (member == null || member.lastSent == null) {
                throw new IllegalStateException(targetId + " has not sent a heartbeat yet");
            }
            member.active = false;
            last.put(targetId, member.lastSent);
        }
        return last;
    }

    /** Targets heartbeating now. */
    synchronized int active() {
        return (int) members.values().stream().filter(m -> m.active).count();
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    private synchronized void tick() {
        List<Member> due = slots.get((int) (tick++ % slots.size()));
        for (Member m : due) {
            if (!m.active) {
                continue;
            }
            try {
                Instant now = clock.instant();
                Event heartbeat = BenchEvents.heartbeat(m.tenant, m.system, m.host, ++m.seq, intervalSeconds, now);
                producer.send(new ProducerRecord<>(Topics.eventsOf(heartbeat.targetId()), heartbeat.targetId(), EventCodec.encode(heartbeat)),
                        (metadata, e) -> (e == null ? sent : failed).incrementAndGet());
                m.lastSent = now;
            } catch (RuntimeException e) {
                // e.g. the producer's buffer stayed full: this heartbeat is lost (counted); an exception escaping
                // would end the schedule, and with it every later heartbeat
                failed.incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
