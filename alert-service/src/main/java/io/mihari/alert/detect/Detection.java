package io.mihari.alert.detect;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.config.AlertConfig;
import io.mihari.model.catalog.BatchJob;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CheckPolicy;
import io.mihari.model.catalog.ResourceThresholds;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;
import io.mihari.model.event.BatchRun;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.OperatingStatus;
import io.mihari.model.event.ResourceSample;
import io.mihari.model.event.Topics;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Target-level detection of this instance: it watches the targets of the event-topic partitions it owns,
 * feeds their stored events to {@link TargetDetection}, evaluates silence and schedules on a timer, stores
 * every target transition and hands transitions and alerts to incident management as {@link Signal}s.
 * Signals are published before transitions are stored, and the ingest loop commits its offsets only after
 * both, so a crash loses nothing. Failures are logged and retried, never thrown into ingest.
 */
@ApplicationScoped
public class Detection {

    private static final Logger LOG = Logger.getLogger(Detection.class);
    /** The stored arrivals of a linkage file read back when it is watched again (its last window's). */
    static final int RESTORED_ARRIVALS = 256;
    /** Transitions stored per bulk request (two writes each). */
    static final int RECORD_BATCH = 500;

    private final TargetDetection detection;
    /** The instants events are judged at, in the order each agent sent them. */
    private final AgentClocks agentClocks = new AgentClocks();
    private final StatusRecorder recorder;
    private final SignalPublisher publisher;
    private final AliveMarkers alive;
    private final CatalogHolder catalog;
    private final Clock clock;
    private final Duration blindAfter;
    /** Partitions of the event topics (one per city) this instance owns, and how many each topic has. */
    private final Set<TopicPartition> owned = new HashSet<>();
    private final Map<String, Integer> partitionCounts = new HashMap<>();
    /** Signals not yet acknowledged by Kafka, oldest first. */
    private final ArrayDeque<Signal> unpublished = new ArrayDeque<>();
    /** Transitions not yet stored in OpenSearch, oldest first. */
    private final ArrayDeque<StatusTransition> unrecorded = new ArrayDeque<>();
    private Instant lastAliveWrite = Instant.EPOCH;
    /** Up to when ingest has seen the owned partitions (null until known). */
    private Instant seenUpTo;
    /**
     * The last horizon ingest reported, kept across an assignment (which resets {@link #seenUpTo}): a Kafka outage
     * longer than the consumer's session ends in a rebalance, and the horizon's jump after it is still a stall.
     */
    private Instant lastHorizon;
    /**
     * A horizon that stood still longer than this (it moves about every second: ingest confirms the partitions'
     * ends once a second) is a stall: nothing could be delivered in it (see {@link Stalls}).
     */
    static final Duration STALL = Duration.ofSeconds(5);
    /**
     * How long after a stall agents have to deliver what they kept in their spool: the agent's shipper retries at
     * most every 5 s, and a delivery takes a few seconds more.
     */
    static final Duration RECONNECT_GRACE = Duration.ofSeconds(15);
    /** Real elapsed time (monotonic), to tell a horizon that stood still from a clock that moved. */
    private final java.util.function.LongSupplier ticker = System::nanoTime;
    /** Stalls of ingest told from clocks that moved, by when the horizon was last current. */
    private final HorizonStalls stalls = new HorizonStalls(STALL, System.nanoTime());
    /**
     * The earliest instant at which a watched target may become silent (null: none, or blind), read by ingest
     * without the lock: silence is judged as soon as ingest has seen up to it (see {@link #seenUpTo}).
     */
    private volatile Instant silenceDue;

    private final io.mihari.alert.store.StateReader stored;
    /** The checks' usual response times, computed off the ingest thread ({@link LatencyBaselineRefresher}). */
    private final LatencyBaselines baselines;
    /** Published for operators and the capacity benchmark: what this instance watches (see {@link #published}). */
    private volatile int watchedTargets;
    private final MultiGauge ownedPartitions;

    Detection(AlertConfig config, StatusRecorder recorder, SignalPublisher publisher, AliveMarkers alive,
            CatalogHolder catalog, Clock clock, io.mihari.alert.store.StateReader stored, MeterRegistry registry,
            LatencyBaselines baselines) {
        this.stored = stored;
        this.baselines = baselines;
        Gauge.builder("mihari.detection.targets", this, d -> d.watchedTargets)
                .description("Targets whose status this instance decides (those of the partitions it owns)")
                .register(registry);
        this.ownedPartitions = MultiGauge.builder("mihari.detection.partition.owned")
                .description("1 for each event-topic partition whose targets this instance watches")
                .register(registry);
        this.detection = new TargetDetection(config.liveness().missedHeartbeats(), new Stalls(RECONNECT_GRACE),
                clockSkew(config.clockSkew()));
        this.recorder = recorder;
        this.publisher = publisher;
        this.alive = alive;
        this.catalog = catalog;
        this.clock = clock;
        this.blindAfter = config.liveness().blindAfter();
    }

    /** A stored event of the partition it was read from. */
    /**
     * @param queued how long the record waited in Kafka before ingest read it (the broker's append time against the
     *        real wall clock; zero when not known): a clock-skew estimate counts from the append, so a lagging ingest
     *        does not make every agent look behind
     */
    public record Received(Event event, TopicPartition partition, Duration queued) {
        public Received(Event event, TopicPartition partition) {
            this(event, partition, Duration.ZERO);
        }

        public Received {
            queued = queued == null || queued.isNegative() ? Duration.ZERO : queued;
        }
    }

    /**
     * Detection on events that are stored. Heartbeats count at {@code receivedAt} (server time, so a skewed
     * agent clock cannot fake or hide an outage); checks, samples and batch runs at the time the agent saw
     * them, but never later than they were received, and never before an earlier event of the same agent (its
     * clock went back: see {@link AgentClocks}; then at receipt, or a millisecond after the event before it when
     * that was judged at the same receipt).
     *
     * @return false when the outcome could not be handed on yet (the caller retries the batch later)
     */
    public synchronized boolean onEvents(List<Received> received, Instant receivedAt) {
        Catalog c = catalog.get();
        for (Received r : received) {
            Event event = r.event();
            if (!owned.contains(r.partition())) {
                continue; // a partition just revoked; its new owner reads the event too
            }
            LivenessMonitor.TargetRef ref = ref(c, event);
            Optional<Target> target = c.target(event.targetId());
            Instant at = event.payload() instanceof Heartbeat ? receivedAt : agentClocks.at(event, receivedAt);
            Instant detectedAt = clock.instant(); // when detection runs: a transition's detectedAt, not receivedAt
            try {
                TargetDetection.Output out;
                if (event.payload() instanceof Heartbeat hb) {
                    Duration interval = target.map(Target::heartbeatInterval)
                            .orElse(Duration.ofSeconds(hb.intervalSeconds()));
                    out = detection.onHeartbeat(ref, interval, receivedAt, detectedAt)
                            .and(detection.onClock(ref, event.agentId(), event.seq(), event.occurredAt(),
                                    receivedAt.minus(r.queued()), interval));
                } else if (event.payload() instanceof CheckResult check) {
                    io.mihari.model.catalog.LatencyThresholds.Level latency = target
                            .flatMap(t -> t.latency().of(check.name())).orElse(null);
                    out = detection.onCheck(ref, target.map(Target::checks).orElse(CheckPolicy.DEFAULT), check, at,
                            detectedAt).and(detection.onLatency(ref, latency, latency == null ? null
                                    : baselines.get(event.targetId(), check.name(), latency.baseline()), check, at));
                } else if (event.payload() instanceof ResourceSample sample) {
                    out = detection.onResources(ref, target.map(Target::resources).orElse(ResourceThresholds.DEFAULT),
                            sample, at);
                } else if (event.payload() instanceof BatchRun run) {
                    Optional<BatchJob> job = c.serviceOfTarget(event.targetId())
                            .flatMap(s -> s.job(event.targetId(), run.job()));
                    out = detection.onBatch(ref, job, run, at);
                } else if (event.payload() instanceof io.mihari.model.event.FileArrival arrival) {
                    Optional<io.mihari.model.catalog.LinkageFile> file = c.serviceOfTarget(event.targetId())
                            .flatMap(s -> s.file(event.targetId(), arrival.file()));
                    out = detection.onFile(ref, file, arrival, at);
                } else if (event.payload() instanceof OperatingStatus report) {
                    out = detection.onOperatingStatus(ref, report, at);
                } else {
                    continue;
                }
                queue(out, ref.serviceId());
            } catch (RuntimeException e) {
                LOG.errorf(e, "detection failed on event %s", event.eventId());
            }
        }
        silenceDue = detection.nextSilence();
        return flush();
    }

    /**
     * The earliest instant at which a watched target may become silent, or null: ingest makes sure it has seen
     * up to then as soon as it comes (a poll wakes at it and confirms the partitions' ends), so the silence is
     * judged at its deadline, not on the next tick of {@link #evaluate}.
     */
    public Instant silenceDue() {
        return silenceDue;
    }

    /** Hands on what is still waiting. @return true when nothing is left */
    public synchronized boolean flushPending() {
        return flush();
    }

    /**
     * Silence, schedules and the alive markers, on a timer (the safety net and the clock of batch schedules), and
     * whenever ingest has seen past a silence deadline ({@link #seenUpTo}).
     */
    @Scheduled(every = "${mihari.liveness.evaluate-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void evaluate() {
        Instant now = clock.instant();
        try {
            if (!owned.isEmpty() && seenUpTo != null && !detection.isBlind()
                    && Duration.between(seenUpTo, now).compareTo(blindAfter) > 0) {
                LOG.warnf("ingest has not seen the event topic since %s: targets are UNKNOWN until it has caught up",
                        seenUpTo);
                queue(detection.blind(seenUpTo, now, "MONITOR_BEHIND"), null);
            }
            if (seenUpTo != null && !detection.isBlind()) {
                // Silence and schedules are judged only up to what ingest has seen: a heartbeat or a batch
                // start still waiting in the topic (Kafka or OpenSearch slow or unreachable) is not a failure.
                Instant horizon = seenUpTo.isBefore(now) ? seenUpTo : now;
                List<BatchJob> jobs = new ArrayList<>();
                for (Service s : catalog.get().services()) {
                    for (BatchJob j : s.jobs()) {
                        if (owned.contains(partitionOf(j.targetId()))) {
                            jobs.add(j);
                        }
                    }
                }
                List<io.mihari.model.catalog.LinkageFile> files = new ArrayList<>();
                for (Service s : catalog.get().services()) {
                    for (io.mihari.model.catalog.LinkageFile f : s.files()) {
                        if (owned.contains(partitionOf(f.targetId()))) {
                            files.add(f);
                        }
                    }
                }
                // judged as of the horizon; the transitions' detectedAt is when this runs (now), not the horizon
                queue(detection.evaluate(horizon, clock.instant(), jobs, files), null);
            }
            flush();
        } catch (RuntimeException e) {
            LOG.error("evaluating silence failed", e);
        }
        silenceDue = detection.nextSilence();
        watchedTargets = detection.watchedCount();
        if (!owned.isEmpty() && seenUpTo != null && !detection.isBlind()
                && !now.isBefore(lastAliveWrite.plusSeconds(5))) {
            try {
                alive.write(owned, seenUpTo.isBefore(now) ? seenUpTo : now);
                lastAliveWrite = now;
            } catch (RuntimeException e) {
                LOG.warnf("cannot write the alive marker (%s)", e.getMessage());
            }
        }
    }

    /**
     * Ingest has seen every event appended to the partitions this instance owns up to {@code horizon} (null:
     * not yet known, e.g. just after an assignment). Silence is judged only up to it; when it is more than
     * {@code blind-after} old, Mihari is blind (see {@link #evaluate}); once it is within half of that again,
     * Mihari sees again.
     */
    public synchronized void seenUpTo(Instant horizon) {
        Instant before = seenUpTo != null ? seenUpTo : lastHorizon;
        HorizonStalls.Jump jump = stalls.seen(before, horizon, clock.instant(), ticker.getAsLong());
        if (jump != null && jump.stall()) {
            // nothing could be delivered meanwhile: what fell due in it is judged once agents had time to deliver
            LOG.infof("ingest saw nothing new from %s to %s: silence and schedules due then are judged %s later,"
                    + " and not before %s after", jump.from(), jump.to(), Duration.between(jump.from(), jump.to()),
                    RECONNECT_GRACE);
            detection.stalled(jump.from(), jump.to());
        } else if (jump != null) {
            // a clock that moved, not a stall: said, so that a missed stall can be told from the log (FaultsShortTest)
            LOG.infof("ingest horizon jumped %s (from %s to %s), current %s before: no stall",
                    Duration.between(jump.from(), jump.to()), jump.from(), jump.to(), jump.notCurrentFor());
        }
        seenUpTo = horizon;
        if (horizon != null && (lastHorizon == null || horizon.isAfter(lastHorizon))) {
            lastHorizon = horizon;
        }
        Instant now = clock.instant();
        if (horizon != null && detection.isBlind()
                && Duration.between(horizon, now).compareTo(blindAfter.dividedBy(2)) <= 0) {
            LOG.info("ingest has caught up: watching targets again");
            queue(detection.sight(now), null);
            flush();
            silenceDue = detection.nextSilence();
        }
        Instant due = silenceDue;
        if (horizon != null && due != null && !due.isAfter(horizon) && !due.isAfter(now)) {
            evaluate(); // ingest has seen past a silence deadline: judged now, not on the next tick
        }
    }

    /**
     * This instance now owns these partitions of the event topic: their targets are watched again from what
     * is stored. When their last alive marker is older than {@code blind-after}, nobody watched them for that
     * long: they are UNKNOWN from then until ingest has caught up.
     */
    public synchronized void assigned(Collection<TopicPartition> partitions, Map<String, Integer> counts,
            List<StoredTarget> stored, List<OpenAlert> openAlerts) {
        // Everything is read before anything changes: if a read fails the caller retries the whole assignment,
        // and nothing (e.g. a fresh alive marker) may have been written for these partitions in between.
        Map<String, Integer> newCounts = new HashMap<>(partitionCounts);
        counts.forEach((topic, count) -> newCounts.put(topic, Math.max(1, count)));
        Instant now = clock.instant();
        Catalog c = catalog.get();
        Map<BatchJob, BatchMonitor.Snapshot> jobs = new HashMap<>();
        for (Service s : c.services()) {
            for (BatchJob job : s.jobs()) {
                if (partitions.contains(partitionOf(job.targetId(), newCounts))) {
                    jobs.put(job, snapshot(job, now));
                }
            }
        }
        Optional<Instant> lastAlive = alive.oldest(partitions);
        // deadlines that fell while nobody watched these partitions are judged again
        Instant watchedUntil = lastAlive.filter(a -> a.isBefore(now)).orElse(now);
        Map<io.mihari.model.catalog.LinkageFile, Optional<Instant>> fileDeadlines = new HashMap<>();
        Map<io.mihari.model.catalog.LinkageFile, List<FileMonitor.Arrival>> fileArrivals = new HashMap<>();
        for (Service s : c.services()) {
            for (io.mihari.model.catalog.LinkageFile f : s.files()) {
                if (partitions.contains(partitionOf(f.targetId(), newCounts))) {
                    Optional<Instant> last = FileMonitor.lastJudged(f, watchedUntil);
                    fileDeadlines.put(f, last);
                    fileArrivals.put(f, last.isEmpty() ? List.of() : this.stored.arrivalsSince(f.targetId(), f.name(),
                            last.get().minus(FileMonitor.SEEN_WITHIN), RESTORED_ARRIVALS));
                }
            }
        }
        Map<String, Instant> lastHeard = stored.isEmpty() ? Map.of() : this.stored.lastHeartbeats(now);

        partitionCounts.clear();
        partitionCounts.putAll(newCounts);
        int restored = 0;
        for (StoredTarget t : stored) {
            if (!partitions.contains(partitionOf(t.targetId())) || t.status() == null) {
                continue;
            }
            Optional<Target> target = c.target(t.targetId());
            Optional<Service> service = c.serviceOfTarget(t.targetId());
            if (target.isEmpty() || service.isEmpty()) {
                continue;
            }
            Service s = service.get();
            detection.restore(new LivenessMonitor.TargetRef(t.targetId(), s.id(), s.tenant(), s.system(),
                    target.get().host()), target.get().heartbeatInterval(), TargetStatus.valueOf(t.status()),
                    t.since() == null ? now : t.since(), heardAt(lastHeard.get(t.targetId()), now),
                    "CHECK_FAILED".equals(t.cause()) ? AlertKind.CHECK : AlertKind.LIVENESS);
            restored++;
        }
        for (OpenAlert a : openAlerts) {
            String targetId = a.key().substring(0, a.key().indexOf('|'));
            if (partitions.contains(partitionOf(targetId))) {
                detection.restoreAlert(a.key(), targetId, a.since());
            }
        }
        jobs.forEach((job, snapshot) -> detection.restoreJob(job.targetId(), job, snapshot));
        fileDeadlines.forEach((f, last) -> detection.restoreFile(f.targetId(), f, last, fileArrivals.get(f)));
        owned.addAll(partitions);
        seenUpTo = null; // judged again once ingest has caught up on the new partitions
        if (lastAlive.isPresent() && Duration.between(lastAlive.get(), now).compareTo(blindAfter) > 0) {
            LOG.warnf("partitions %s were not watched since %s: their targets are UNKNOWN until ingest catches up",
                    partitions, lastAlive.get());
            queue(detection.blind(lastAlive.get(), now, "MONITOR_STOPPED"), null);
            flush();
        }
        silenceDue = detection.nextSilence();
        published();
        LOG.infof("watching partitions %s (of %s): %d targets restored", partitions, partitionCounts, restored);
    }

    /**
     * What the stored runs of a job say: its latest start (so a run started just before the restart keeps the
     * next scheduled instant) and a run started but not ended (so it is still found hung). Scheduled instants
     * are judged from now on only: their events may still be waiting in the topic.
     */
    private BatchMonitor.Snapshot snapshot(BatchJob job, Instant now) {
        return snapshot(stored.latestRuns(job.targetId(), job.name(), 20), now);
    }

    /** @param runs the latest stored signals of a job, newest first */
    static BatchMonitor.Snapshot snapshot(List<io.mihari.alert.store.StateReader.StoredRun> runs, Instant now) {
        Instant lastStarted = null;
        String openRun = null;
        Instant openRunStarted = null;
        Set<String> ended = new HashSet<>();
        java.util.LinkedList<Long> durations = new java.util.LinkedList<>();
        for (io.mihari.alert.store.StateReader.StoredRun r : runs) { // newest first
            if ("SUCCEEDED".equals(r.state()) && r.durationMs() != null) {
                durations.addFirst(r.durationMs()); // oldest first, as the monitor keeps them
            }
            if (!"STARTED".equals(r.state())) {
                ended.add(r.runId());
            } else {
                if (lastStarted == null) {
                    lastStarted = r.occurredAt();
                }
                if (openRun == null && !ended.contains(r.runId())) {
                    openRun = r.runId();
                    openRunStarted = r.occurredAt();
                }
            }
        }
        return new BatchMonitor.Snapshot(now, lastStarted, openRun, openRunStarted, null, null, null, durations);
    }

    /** Another instance owns these partitions now: their targets are no longer watched here. */
    public synchronized void revoked(Collection<TopicPartition> partitions) {
        flush();
        owned.removeAll(partitions);
        // every detector's state of those targets, including targets only known from samples or catalog jobs
        detection.forgetIf(targetId -> partitions.contains(partitionOf(targetId)));
        agentClocks.forgetIf(targetId -> partitions.contains(partitionOf(targetId)));
        published();
        LOG.infof("partitions %s handed over", partitions);
    }

    public synchronized TargetStatus status(String targetId) {
        return detection.status(targetId);
    }

    /** The latest estimate of the offset of a watched target's agent clock from Mihari's ({@link ClockSkewMonitor}). */
    public synchronized Optional<ClockSkewMonitor.Offset> clockOffset(String targetId) {
        return detection.clockOffset(targetId);
    }

    /** The clock skew settings, refused with the key's name when bad. */
    static ClockSkewMonitor.Settings clockSkew(AlertConfig.ClockSkew c) {
        return new ClockSkewMonitor.Settings(c.warning(), c.major(), c.heartbeats());
    }

    /**
     * The metrics of what this instance watches: {@code mihari.detection.partition.owned{topic,partition}} (1 per
     * owned partition) and {@code mihari.detection.targets}, so the split between instances can be seen.
     */
    private void published() {
        ownedPartitions.register(owned.stream().map(p -> MultiGauge.Row.of(Tags.of("topic", p.topic(),
                "partition", Integer.toString(p.partition())), 1)).toList(), true);
        watchedTargets = detection.watchedCount();
    }

    /** As if heard at its last stored heartbeat (never in the future); now when none is known. */
    private static Instant heardAt(Instant lastHeartbeat, Instant now) {
        return lastHeartbeat == null || lastHeartbeat.isAfter(now) ? now : lastHeartbeat;
    }

    /** An alert still firing in an open incident (its key), since when. */
    public record OpenAlert(String key, Instant since) {
    }

    /** A target's stored current status (from {@code mihari-targets}). */
    public record StoredTarget(String targetId, String status, Instant since, String cause) {
    }

    /**
     * The partition a target's events go to: of its city's event topic, by Kafka's default partitioner for keys.
     * A target id that is not {@code tenant/host} belongs to no partition.
     */
    TopicPartition partitionOf(String targetId) {
        return partitionOf(targetId, partitionCounts);
    }

    static TopicPartition partitionOf(String targetId, Map<String, Integer> counts) {
        String topic;
        try {
            topic = Topics.eventsOf(targetId);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new TopicPartition(topic,
                io.mihari.alert.ingest.Admission.partitionOf(targetId, counts.getOrDefault(topic, 1)));
    }

    private void queue(TargetDetection.Output out, String serviceHint) {
        Catalog c = catalog.get();
        for (StatusTransition t : out.transitions()) {
            LOG.infof("%s: %s -> %s at %s (%s)", t.targetId(), t.from(), t.to(), t.at(), t.cause());
            if (t.serviceId() != null) {
                unpublished.add(Signal.of(t));
            }
            unrecorded.add(t);
        }
        for (Alert a : out.alerts()) {
            String serviceId = serviceHint != null ? serviceHint
                    : c.serviceOfTarget(a.targetId()).map(Service::id).orElse(null);
            LOG.infof("%s: %s %s (%s)", a.key(), a.firing() ? "firing" : "resolved", a.severity(), a.cause());
            if (serviceId != null) {
                unpublished.add(Signal.of(serviceId, a, clock.instant()));
            }
        }
    }

    /** Publishes, then stores, in order; stops at the first failure. @return true when nothing is left */
    private boolean flush() {
        if (!unpublished.isEmpty()) {
            List<Signal> batch = List.copyOf(unpublished);
            int done = publisher.publish(batch);
            for (int i = 0; i < done; i++) {
                unpublished.poll();
            }
            if (!unpublished.isEmpty()) {
                LOG.warnf("%d signals not yet accepted by Kafka; retrying", unpublished.size());
                return false;
            }
        }
        while (!unrecorded.isEmpty()) {
            // in order, up to RECORD_BATCH in one bulk request (all of them are retried if it fails)
            List<StatusTransition> batch = new ArrayList<>(Math.min(RECORD_BATCH, unrecorded.size()));
            java.util.Iterator<StatusTransition> it = unrecorded.iterator();
            while (it.hasNext() && batch.size() < RECORD_BATCH) {
                batch.add(it.next());
            }
            try {
                recorder.record(batch);
            } catch (RuntimeException e) {
                LOG.warnf("cannot store transition %s yet (%s); %d waiting", unrecorded.peek().transitionId(),
                        e.getMessage(), unrecorded.size());
                return false;
            }
            for (int i = 0; i < batch.size(); i++) {
                unrecorded.poll();
            }
        }
        storeClockOffsets();
        return true;
    }

    /**
     * The agents' latest clock offsets, into the targets' status documents once their transitions are stored; best
     * effort (never holds ingest back): what is not stored is stored with the target's next heartbeat.
     */
    private void storeClockOffsets() {
        Map<String, ClockSkewMonitor.Offset> offsets = detection.clockOffsetsToStore();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            detection.storeClockOffsetsAgain(recorder.recordClocks(offsets));
        } catch (RuntimeException e) {
            LOG.warnf("cannot store the clock offsets of %d targets yet (%s)", offsets.size(), e.getMessage());
            detection.storeClockOffsetsAgain(offsets.keySet());
        }
    }

    private static LivenessMonitor.TargetRef ref(Catalog c, Event event) {
        // Only catalogued servers raise incidents: a vendor's unregistered test machine going quiet must not
        // mail the city. Unregistered hosts are still stored and shown.
        String serviceId = c.serviceOfTarget(event.targetId()).map(Service::id).orElse(null);
        return new LivenessMonitor.TargetRef(event.targetId(), serviceId, event.tenant(), event.system(), event.host());
    }

    Map<String, TargetStatus> statuses() {
        Map<String, TargetStatus> all = new HashMap<>();
        for (String id : detection.watched()) {
            all.put(id, detection.status(id));
        }
        return all;
    }
}
