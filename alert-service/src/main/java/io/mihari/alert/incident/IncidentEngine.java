package io.mihari.alert.incident;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.detect.Detection;
import io.mihari.alert.detect.Signal;
import io.mihari.alert.detect.SignalCodec;
import io.mihari.alert.detect.StatusRecorder;
import io.mihari.alert.detect.StatusTransition;
import io.mihari.alert.detect.TargetStatus;
import io.mihari.alert.store.StateReader;
import io.mihari.model.catalog.Service;
import io.mihari.model.status.ServiceStatusRule.ServiceStatus;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Incident management's consumer loop on {@link Signal#TOPIC} (keyed by service): each service belongs to
 * exactly one instance of the group, which keeps its status, records its service transitions and runs its
 * incidents. Offsets are committed only behind signals that are fully applied: a signal still waiting in a
 * grouping wait is read again after a crash, and one already applied is recognised by the incident's
 * signal offset.
 */
@ApplicationScoped
public class IncidentEngine {

    private static final Logger LOG = Logger.getLogger(IncidentEngine.class);
    /**
     * How long one signal is retried in place while incident storage fails; after that it is read again from
     * the topic (the loop keeps polling, so the instance stays in its group).
     */
    private static final Duration RETRY_FOR = Duration.ofSeconds(10);

    private final AlertConfig config;
    private final String bootstrapServers;
    private final IncidentService incidents;
    private final ServiceStatusTracker services;
    private final StatusRecorder recorder;
    private final StateReader state;
    private final CatalogHolder catalog;
    private final Clock clock;
    private final io.mihari.alert.command.CommandHandler commands;
    private final io.mihari.alert.maintenance.MaintenanceCalendar maintenance;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Failover of a city hall's lines: a WARNING problem of the carrier's service while one line carries alone. */
    @jakarta.inject.Inject
    io.mihari.alert.detect.LineFailoverMonitor lines;
    /** Service transitions not yet stored, oldest first. */
    private final ArrayDeque<ServiceStatusTracker.ServiceTransition> unrecorded = new ArrayDeque<>();
    /** Per partition: the offset of the first signal of each service still waiting in a grouping wait. */
    private final Map<TopicPartition, Map<String, Long>> held = new HashMap<>();
    private final Set<TopicPartition> owned = new HashSet<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile int partitionCount = 1;
    private Thread thread;

    IncidentEngine(AlertConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            IncidentService incidents,
            ServiceStatusTracker services, StatusRecorder recorder, StateReader state, CatalogHolder catalog,
            Clock clock, io.mihari.alert.command.CommandHandler commands,
            io.mihari.alert.maintenance.MaintenanceCalendar maintenance) {
        this.commands = commands;
        this.maintenance = maintenance;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.incidents = incidents;
        this.services = services;
        this.recorder = recorder;
        this.state = state;
        this.catalog = catalog;
        this.clock = clock;
    }

    public void start() {
        thread = new Thread(this::run, "mihari-incidents");
        thread.start();
    }

    public void stop() throws InterruptedException {
        stopped.countDown();
        wakeUps.shutdownNow();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
    }

    /**
     * Fires the SLA clocks, stores what is waiting, and opens what is due if its wake-up did not (the safety net:
     * grouping waits end on their own timer, {@link #scheduleOpening()}); on a timer.
     */
    @Scheduled(every = "${mihari.liveness.evaluate-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            incidents.tick();
        } catch (RuntimeException e) {
            LOG.error("opening incidents failed; will retry on the next tick", e);
        }
        synchronized (this) {
            recordPending();
        }
        scheduleOpening();
    }

    /** Wakes incident management when a grouping wait ends (one thread; the tick stays as the safety net). */
    private final java.util.concurrent.ScheduledExecutorService wakeUps = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mihari-incident-wakeup");
                t.setDaemon(true);
                return t;
            });
    /** The instant the pending wake-up is for, and the wake-up itself (null: none). */
    private Instant wakeUpAt;
    private java.util.concurrent.ScheduledFuture<?> wakeUp;

    /**
     * Opens at once what is due now (a group that needs no grouping wait, in the caller's thread) and schedules a
     * wake-up for exactly when the next grouping wait ends ({@link IncidentService#nextOpening()}).
     */
    void scheduleOpening() {
        Optional<Instant> next;
        try {
            next = incidents.nextOpening();
            if (next.isPresent() && !next.get().isAfter(clock.instant())) {
                incidents.openDue();
                next = incidents.nextOpening();
            }
        } catch (RuntimeException e) {
            LOG.warnf("opening incidents failed (%s); the next tick retries", e.getMessage());
            return;
        } finally {
            synchronized (this) {
                recordPending();
            }
        }
        if (next.isEmpty() || stopped.getCount() == 0) {
            return;
        }
        Instant due = next.get();
        synchronized (wakeUps) {
            if (wakeUp != null && !wakeUp.isDone() && wakeUpAt != null && !wakeUpAt.isAfter(due)) {
                return; // an earlier or the same wake-up is set: it schedules the next one
            }
            if (wakeUp != null) {
                wakeUp.cancel(false);
            }
            long delay = Math.max(0, Duration.between(clock.instant(), due).toNanos());
            wakeUpAt = due;
            try {
                wakeUp = wakeUps.schedule(this::wake, delay, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                wakeUp = null; // shutting down
            }
        }
    }

    private void wake() {
        synchronized (wakeUps) {
            wakeUp = null;
            wakeUpAt = null;
        }
        scheduleOpening();
    }

    private void run() {
        io.mihari.alert.config.RestartingLoop.run(LOG, "the incident loop", stopped, config.ingest().retryBackoff(),
                config.ingest().maxRetryBackoff(), this::consume);
    }

    private void consume() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(io.mihari.alert.config.KafkaClients.consumer(bootstrapServers,
                config.ingest().groupId() + "-incidents", "mihari-alert-incidents", 500, config.ingest().sessionTimeout()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            if (stopped.getCount() == 0) {
                return;
            }
            c.subscribe(List.of(Signal.TOPIC), new Rebalance(c));
            while (stopped.getCount() > 0) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                        if (!apply(r)) {
                            // incident storage keeps failing: read this signal again later, commit nothing past it
                            c.seek(tp, r.offset());
                            break;
                        }
                    }
                }
                if (!records.isEmpty()) {
                    // what needs no grouping wait opens now, before its signal is committed; the service
                    // transitions of these signals are stored after the openings (not one by one before them)
                    scheduleOpening();
                }
                commit(c);
            }
        } finally {
            consumer = null;
        }
    }

    /** @return false when the signal could not be applied for now (storage failing); it must be read again */
    private synchronized boolean apply(ConsumerRecord<String, byte[]> r) {
        Signal signal;
        try {
            signal = SignalCodec.decode(r.value());
        } catch (IllegalArgumentException e) {
            LOG.errorf("skipping unreadable signal at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
            return true;
        }
        Instant detectedAt = signal.detectedAt() != null ? signal.detectedAt() : clock.instant();
        boolean applied = true;
        if (signal.transition() != null) {
            StatusTransition t = signal.transition();
            Optional<ServiceStatusTracker.ServiceTransition> change = services.apply(t);
            if (change.isPresent()) {
                ServiceStatusTracker.ServiceTransition st = change.get();
                LOG.infof("service %s: %s -> %s at %s (%s on %s)", st.serviceId(), st.from(), st.to(), st.at(),
                        st.cause(), st.targetId());
                unrecorded.add(st);
                if (st.to() == ServiceStatus.DOWN) {
                    // only the severity depends on it: retried, but never holds the partition back
                    retrying(signal, () -> incidents.onServiceDown(st.serviceId(), st.at()));
                }
            }
            // a line's failover is a problem of its own, applied at this signal's offset (idempotent on a replay)
            for (io.mihari.alert.detect.Alert failover : lines.onTransition(t)) {
                LOG.infof("%s: %s %s (%s)", failover.key(), failover.firing() ? "firing" : "resolved",
                        failover.severity(), failover.cause());
                applied &= retrying(signal, () -> incidents.onAlert(signal.serviceId(), failover, detectedAt,
                        r.offset()));
            }
        } else if (signal.command() != null) {
            applied = retrying(signal, () -> commands.apply(signal.command(), r.offset()));
        } else {
            applied = retrying(signal, () -> incidents.onAlert(signal.serviceId(), signal.alert(), detectedAt,
                    r.offset()));
        }
        if (incidents.hasPending(signal.serviceId())) {
            held.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new HashMap<>())
                    .putIfAbsent(signal.serviceId(), r.offset());
        }
        return applied;
    }

    /**
     * Runs a change of incident state; a storage failure (or a conflict, after which the incident service has
     * reloaded the stored copy) is retried for up to {@link #RETRY_FOR}. The incident service is idempotent per
     * signal offset, so a retry or a later re-read of the signal never applies it twice.
     *
     * @return false when it still fails (the caller reads the signal again later)
     */
    private boolean retrying(Signal signal, Runnable change) {
        Duration pause = Duration.ofMillis(200);
        Instant giveUp = clock.instant().plus(RETRY_FOR);
        while (true) {
            try {
                change.run();
                return true;
            } catch (IllegalStateException | IllegalArgumentException e) {
                LOG.errorf(e, "signal %s cannot be applied: skipped", signal.signalId());
                return true;
            } catch (RuntimeException e) {
                if (stopped.getCount() == 0 || !clock.instant().isBefore(giveUp)) {
                    LOG.warnf("signal %s not applied yet (%s); it will be read again", signal.signalId(),
                            e.getMessage());
                    return false;
                }
                LOG.debugf("applying signal %s failed (%s); retrying in %s", signal.signalId(), e.getMessage(), pause);
                try {
                    if (stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                        return false;
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                pause = doubled(pause, Duration.ofSeconds(5));
            }
        }
    }

    private static Duration doubled(Duration pause, Duration max) {
        return io.mihari.alert.config.RestartingLoop.doubled(pause, max);
    }

    /** Commits each partition up to the first signal that still waits in a grouping wait. */
    private synchronized void commit(KafkaConsumer<String, byte[]> c) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : c.assignment()) {
            Map<String, Long> waiting = held.getOrDefault(tp, Map.of());
            waiting.keySet().removeIf(serviceId -> !incidents.hasPending(serviceId));
            long position = c.position(tp);
            long upTo = waiting.values().stream().min(Long::compare).orElse(position);
            offsets.put(tp, new OffsetAndMetadata(Math.min(upTo, position)));
        }
        if (!offsets.isEmpty()) {
            try {
                c.commitSync(offsets);
            } catch (RuntimeException e) {
                LOG.warnf("signal offsets not committed (%s); they will be applied again, idempotently", e.getMessage());
            }
        }
    }

    private void recordPending() {
        while (!unrecorded.isEmpty()) {
            try {
                recorder.record(unrecorded.peek());
                unrecorded.poll();
            } catch (RuntimeException e) {
                LOG.warnf("cannot store service transition %s yet (%s)", unrecorded.peek().transitionId(),
                        e.getMessage());
                return;
            }
        }
    }

    int partitionOf(String serviceId) {
        return Utils.toPositive(Utils.murmur2(serviceId.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    /** Restores the services of assigned partitions and lets go of revoked ones. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> c;

        Rebalance(KafkaConsumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            synchronized (IncidentEngine.this) {
                commit(c);
                letGo(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            synchronized (IncidentEngine.this) {
                letGo(partitions); // not ours any more: nothing to commit
            }
        }

        private void letGo(Collection<TopicPartition> partitions) {
            List<String> gone = servicesOf(partitions);
            incidents.forget(gone);
            services.forget(gone);
            lines.forget(gone);
            partitions.forEach(held::remove);
            owned.removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            synchronized (IncidentEngine.this) {
                partitionCount = Math.max(1, c.partitionsFor(Signal.TOPIC).size());
                owned.addAll(partitions);
                List<String> mine = servicesOf(partitions);
                Instant now = clock.instant();
                // Restoring needs OpenSearch; until it answers these services cannot be run correctly.
                List<Detection.StoredTarget> stored = retry(state::targets);
                Map<String, String> lastStatus = retry(() -> state.lastServiceStatus(mine));
                for (String serviceId : mine) {
                    Service s = catalog.get().service(serviceId).orElseThrow();
                    Map<String, TargetStatus> statuses = new HashMap<>();
                    Map<String, Instant> since = new HashMap<>();
                    for (Detection.StoredTarget t : stored) {
                        if (t.status() != null && s.targets().stream().anyMatch(x -> x.id().equals(t.targetId()))) {
                            statuses.put(t.targetId(), TargetStatus.valueOf(t.status()));
                            since.put(t.targetId(), t.since() == null ? Instant.EPOCH : t.since());
                        }
                    }
                    String last = lastStatus.get(serviceId);
                    services.restore(serviceId, statuses, since, last == null ? null : ServiceStatus.valueOf(last));
                    lines.restore(serviceId, statuses, since);
                }
                retry(() -> {
                    maintenance.load();
                    return true;
                });
                List<Incident> active = retry(() -> state.activeIncidents());
                incidents.restore(active.stream().filter(i -> mine.contains(i.serviceId())).toList());
                active.stream().filter(i -> mine.contains(i.serviceId()))
                        .forEach(i -> i.activeAlerts().forEach(key -> lines.restoreAlert(key, i.startedAt())));
                LOG.infof("incident management of %d services (signal partitions %s)", mine.size(), partitions);
            }
        }

        private List<String> servicesOf(Collection<TopicPartition> partitions) {
            Set<Integer> numbers = new HashSet<>();
            partitions.forEach(tp -> numbers.add(tp.partition()));
            return catalog.get().services().stream().map(Service::id)
                    .filter(id -> numbers.contains(partitionOf(id))).toList();
        }
    }

    private <T> T retry(java.util.function.Supplier<T> read) {
        Duration pause = config.ingest().retryBackoff();
        while (true) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                LOG.warnf("cannot restore incident state yet (%s); retrying in %s", e.getMessage(), pause);
                try {
                    if (stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new WakeupException();
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new WakeupException();
                }
                pause = doubled(pause, config.ingest().maxRetryBackoff());
            }
        }
    }
}
