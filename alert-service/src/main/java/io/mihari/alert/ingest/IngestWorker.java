package io.mihari.alert.ingest;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.detect.Detection;
import io.mihari.alert.store.IndexSetup;
import io.mihari.alert.store.StateReader;
import io.mihari.alert.store.TopicSetup;
import io.mihari.alert.incident.IncidentEngine;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import java.util.Collection;
import java.util.Set;
import io.mihari.model.event.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumer loop on the event topics (one per city, {@link Topics#EVENTS_PATTERN}; a city's new topic is found
 * within {@code mihari.ingest.topic-discovery}): judge every record ({@link Admission}), dead-letter what is not
 * believed (asynchronously, bounded), bulk-index the rest, hand the stored events to detection, and only then
 * commit the offsets — once every dead letter of the batch is in the dead-letter topic or, failing that, marked in
 * {@code mihari-deadletters}. Every record ends in exactly one place. A failed write (OpenSearch or Kafka
 * unreachable) is retried with backoff; what a record contains can never make the loop retry it: bad data never
 * stops ingest.
 */
@ApplicationScoped
public class IngestWorker {

    private static final Logger LOG = Logger.getLogger(IngestWorker.class);

    private final AlertConfig config;
    private final String bootstrapServers;
    private final EventIndexer indexer;
    private final Detection detection;
    private final CatalogHolder catalog;
    private final Clock clock;
    private final IndexSetup indexSetup;
    private final StateReader stateReader;
    private final TopicSetup topicSetup;
    private final IncidentEngine incidentEngine;
    private final io.mihari.alert.command.CommandBridge commandBridge;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final Admission admission;
    private final IntakeMetrics metrics;
    /** Agents whose clocks run ahead: one warning per tenant and 5 minutes (a hostile sender cannot flood the log). */
    private final RateLimitedLog clockLog;
    private final IngestState readiness;
    private final DeadLetterMarkers markers;
    /** Partitions of each event topic, as of the latest assignment. */
    private final Map<String, Integer> partitionCounts = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final Watermark watermark = new Watermark();
    private Thread thread;

    IngestWorker(AlertConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            EventIndexer indexer, Detection detection, CatalogHolder catalog, Clock clock, IndexSetup indexSetup,
            StateReader stateReader, TopicSetup topicSetup, IncidentEngine incidentEngine,
            io.mihari.alert.command.CommandBridge commandBridge, IntakeMetrics metrics, IngestState readiness,
            DeadLetterMarkers markers) {
        this.admission = new Admission(config.ingest().maxFutureSkew(), config.retention().eventDays());
        if (config.ingest().maxPollRecords() < 1 || config.ingest().maxPollRecords() > 1000) {
            // a bulk of 1,000 events of at most 64 KiB stays below OpenSearch's 100 MB request limit
            throw new IllegalArgumentException("mihari.ingest.max-poll-records must be between 1 and 1000, was "
                    + config.ingest().maxPollRecords());
        }
        this.metrics = metrics;
        this.clockLog = new RateLimitedLog(LOG, clock, Duration.ofMinutes(5));
        this.readiness = readiness;
        this.markers = markers;
        this.topicSetup = topicSetup;
        this.commandBridge = commandBridge;
        this.incidentEngine = incidentEngine;
        this.indexSetup = indexSetup;
        this.stateReader = stateReader;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.indexer = indexer;
        this.detection = detection;
        this.catalog = catalog;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        indexSetup.ensureInstalled(); // no event may create a daily index before its template exists
        topicSetup.ensureTopics();
        incidentEngine.start();
        commandBridge.start();
        thread = new Thread(this::run, "mihari-ingest");
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopped.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
        commandBridge.stop();
        incidentEngine.stop();
    }

    public long indexedCount() {
        return indexed.get();
    }

    public long deadLetteredCount() {
        return deadLettered.get();
    }

    /** Consumes until shutdown; if the client itself fails, starts over after a pause instead of dying. */
    private void run() {
        Duration pause = config.ingest().retryBackoff();
        while (stopped.getCount() > 0) {
            try {
                consume();
                return;
            } catch (WakeupException e) {
                return; // shutting down
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                readiness.consuming(false);
                metrics.restarted();
                LOG.errorf(e, "the ingest loop failed; restarting in %s", pause);
                try {
                    if (stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = longer(pause);
            }
        }
    }

    private void consume() throws InterruptedException {
        Map<String, Object> consumerConfig = new java.util.HashMap<>(io.mihari.alert.config.KafkaClients.consumer(
                bootstrapServers, config.ingest().groupId(), "mihari-alert-ingest", config.ingest().maxPollRecords(),
                config.ingest().sessionTimeout()));
        // how soon a city's new event topic is found by the pattern subscription
        consumerConfig.put("metadata.max.age.ms", (int) config.ingest().topicDiscovery().toMillis());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig,
                new StringDeserializer(), new ByteArrayDeserializer());
                DeadLetters deadLetters = new DeadLetters(bootstrapServers, Topics.EVENTS_DLQ, markers, metrics, clock)) {
            consumer = c;
            if (stopped.getCount() == 0) {
                return;
            }
            readiness.consuming(true);
            c.subscribe(Topics.EVENTS_PATTERN, new Ownership(c, deadLetters));
            LOG.infof("consuming %s as group %s", Topics.EVENTS_PATTERN, config.ingest().groupId());
            while (stopped.getCount() > 0) {
                ConsumerRecords<String, byte[]> records = c.poll(pollTimeout(inflight.peek(), detection.silenceDue(),
                        clock.instant()));
                if (!records.isEmpty()) {
                    Batch batch = prepare(c, records, deadLetters);
                    batch.result = indexer.submit(batch.body);
                    inflight.add(batch);
                }
                // One bulk stays in flight while the next batch is read and decoded (OpenSearch and this service
                // work at the same time); batches are completed strictly in order. When nothing new came, the
                // batch in flight is completed as soon as its bulk has answered: it does not wait for another poll.
                List<ConsumerRecords<String, byte[]>> completed = new ArrayList<>();
                while (inflight.size() > keptInFlight(records, inflight.peek())) {
                    Batch done = inflight.peek();
                    if (!complete(c, done, deadLetters)) {
                        return; // shutting down: nothing past the stored batches is committed
                    }
                    inflight.poll();
                    completed.add(done.records);
                }
                watermark.afterPoll(c, completed, inflight.isEmpty());
                readiness.passed();
            }
        } finally {
            readiness.consuming(false);
            inflight.clear();
            consumer = null;
        }
    }

    /** How long a poll waits when nothing is in flight (nothing to hand on: no hurry, no busy loop). */
    static final Duration IDLE_POLL = Duration.ofMillis(500);
    /**
     * How long a poll waits while a bulk is in flight: short, so the batch is handed on within this much of its
     * bulk's answer; long enough not to spin while OpenSearch works.
     */
    static final Duration INFLIGHT_POLL = Duration.ofMillis(5);

    /** The next poll's wait: none once the bulk in flight has answered (it is completed right after). */
    static Duration pollTimeout(Batch head) {
        if (head == null) {
            return IDLE_POLL;
        }
        return head.result.isDone() ? Duration.ZERO : INFLIGHT_POLL;
    }

    /** How often the partitions' ends are confirmed at most while a silence deadline waits for the horizon. */
    static final Duration DEADLINE_CHECK = Duration.ofMillis(100);

    /** The shortest idle wait while a silence deadline has passed but is not yet confirmed seen (no busy loop). */
    static final Duration DEADLINE_POLL = Duration.ofMillis(10);

    /**
     * As {@link #pollTimeout(Batch)}, but an idle poll also ends at the next silence deadline ({@code silenceDue},
     * null: none), so the partitions' ends are confirmed then and silence is judged at its deadline.
     */
    static Duration pollTimeout(Batch head, Instant silenceDue, Instant now) {
        Duration wait = pollTimeout(head);
        if (head != null || silenceDue == null) {
            return wait;
        }
        // the next whole millisecond at or after the deadline: a poll never returns before it is due
        Duration until = Duration.between(now, silenceDue).plusNanos(999_999).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (until.compareTo(DEADLINE_POLL) < 0) {
            return DEADLINE_POLL.compareTo(wait) < 0 ? DEADLINE_POLL : wait;
        }
        return until.compareTo(wait) < 0 ? until : wait;
    }

    /**
     * How many batches stay in flight after a poll: one while records keep coming (pipelining) or while the
     * newest bulk has not answered yet; none once nothing new came and the bulk in flight has answered.
     */
    static int keptInFlight(ConsumerRecords<String, byte[]> records, Batch head) {
        if (!records.isEmpty()) {
            return 1;
        }
        return head != null && !head.result.isDone() ? 1 : 0;
    }

    private Duration longer(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(config.ingest().maxRetryBackoff()) > 0 ? config.ingest().maxRetryBackoff() : doubled;
    }

    /** Records read and decoded, with their bulk write under way. */
    static final class Batch {
        final ConsumerRecords<String, byte[]> records;
        final Instant receivedAt;
        final List<ConsumerRecord<String, byte[]>> accepted;
        final List<Detection.Received> events;
        final byte[] body;
        java.util.concurrent.CompletableFuture<BulkResult> result;

        Batch(ConsumerRecords<String, byte[]> records, Instant receivedAt, List<ConsumerRecord<String, byte[]>> accepted,
                List<Detection.Received> events, byte[] body) {
            this.records = records;
            this.receivedAt = receivedAt;
            this.accepted = accepted;
            this.events = events;
            this.body = body;
        }

        /** The offsets to commit once this batch is stored: past its last record in each partition. */
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets() {
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets = new java.util.HashMap<>();
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<String, byte[]>> list = records.records(tp);
                offsets.put(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
            }
            return offsets;
        }
    }

    private final java.util.ArrayDeque<Batch> inflight = new java.util.ArrayDeque<>();

    /** Judges every record, dead-letters what is not believed, and writes the NDJSON of the rest. */
    private Batch prepare(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records,
            DeadLetters deadLetters) {
        Instant receivedAt = clock.instant();
        long wallNow = System.currentTimeMillis(); // the broker's clock: how long each record waited in Kafka
        List<ConsumerRecord<String, byte[]>> accepted = new ArrayList<>();
        List<Detection.Received> events = new ArrayList<>();
        List<EventDocument> documents = new ArrayList<>();
        io.mihari.model.catalog.Catalog catalogNow = catalog.get();
        for (ConsumerRecord<String, byte[]> record : records) {
            int partitions = partitionCounts.computeIfAbsent(record.topic(), t -> c.partitionsFor(t).size());
            Admission.Verdict verdict = admission.judge(record, partitions, receivedAt, catalogNow);
            if (verdict.accepted()) {
                if (!verdict.clockAhead().isZero()) {
                    metrics.clockAhead(verdict.event().tenant());
                    clockLog.warn("clock-ahead:" + verdict.event().tenant(), "the clock of %s runs %s ahead of"
                            + " alert-service's (event dated %s, received %s): its events are stored and its heartbeats"
                            + " count when received; set its clock right (NTP)", verdict.event().targetId(),
                            verdict.clockAhead(), verdict.event().occurredAt(), receivedAt);
                }
                accepted.add(record);
                events.add(new Detection.Received(verdict.event(),
                        new TopicPartition(record.topic(), record.partition()),
                        record.timestampType() == org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME
                                ? java.time.Duration.ofMillis(wallNow - record.timestamp()) : java.time.Duration.ZERO));
                documents.add(EventDocument.of(verdict.event(), receivedAt, verdict.registered(), verdict.serviceId()));
            } else {
                deadLetters.send(record, verdict.reason(), verdict.detail());
                deadLettered.incrementAndGet();
            }
        }
        try {
            return new Batch(records, receivedAt, accepted, events, indexer.body(documents));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot serialise events", e);
        }
    }

    /**
     * Waits for the batch's bulk write (retrying it with backoff while it fails), dead-letters what OpenSearch
     * rejected, hands the stored events to detection, waits until detection's output is in Kafka and OpenSearch,
     * and only then commits the batch's offsets.
     *
     * @return false when shutting down before that
     */
    private boolean complete(KafkaConsumer<String, byte[]> c, Batch batch, DeadLetters deadLetters)
            throws InterruptedException {
        Duration backoff = config.ingest().retryBackoff();
        BulkResult result = null;
        try {
            result = batch.result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warnf("storing %d events failed (%s); retrying in %s", batch.events.size(), e.getCause().getMessage(),
                    backoff);
        }
        while (result == null || result.retryable()) {
            if (result != null) {
                LOG.warnf("OpenSearch is overloaded or a shard is unavailable; retrying %d events in %s",
                        batch.events.size(), backoff);
            }
            if (stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            backoff = longer(backoff);
            try {
                result = indexer.send(batch.body);
            } catch (IOException | RuntimeException e) {
                result = null;
                LOG.warnf("storing %d events failed (%s); retrying in %s", batch.events.size(), e.getMessage(), backoff);
            }
        }
        List<Detection.Received> stored = new ArrayList<>();
        for (int i = 0; i < batch.events.size(); i++) {
            String reason = result.rejected().get(i);
            if (reason == null) {
                stored.add(batch.events.get(i));
            } else {
                deadLetters.send(batch.accepted.get(i), DeadLetterReason.STORE_REJECTED, reason);
                deadLettered.incrementAndGet();
            }
        }
        if (!settle(deadLetters)) {
            return false; // shutting down with dead letters not yet anywhere: do not commit past them
        }
        indexed.addAndGet(stored.size());
        metrics.indexed(stored.size());
        detection.onEvents(stored, batch.receivedAt);
        metrics.detected(Duration.between(batch.receivedAt, clock.instant()));
        if (!awaitHandedOn()) {
            return false; // shutting down with signals not yet in Kafka: do not commit past them
        }
        try {
            c.commitSync(batch.offsets());
        } catch (CommitFailedException | org.apache.kafka.common.errors.RebalanceInProgressException e) {
            // a rebalance is under way: a later batch commits past these records, or they are delivered again
            // (stored idempotently by event id) — either way nothing is lost
            LOG.debugf("offsets not committed (%s)", e.getMessage());
        }
        return true;
    }

    /** Completes every batch in flight (before partitions move). */
    private void drain(KafkaConsumer<String, byte[]> c, DeadLetters deadLetters) {
        try {
            while (!inflight.isEmpty()) {
                if (!complete(c, inflight.peek(), deadLetters)) {
                    inflight.clear();
                    return;
                }
                inflight.poll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inflight.clear();
        }
    }

    /**
     * Waits until every dead letter so far is in the dead-letter topic or marked in OpenSearch: only then may
     * offsets move past them.
     *
     * @return false when shutting down before that
     */
    private boolean settle(DeadLetters deadLetters) throws InterruptedException {
        Duration backoff = config.ingest().retryBackoff();
        while (!deadLetters.settle(Duration.ofSeconds(35))) {
            if (stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            backoff = longer(backoff);
        }
        return true;
    }

    /**
     * Waits until detection's signals and transitions are in Kafka and OpenSearch: only then may offsets move.
     *
     * @return false when shutting down before that
     */
    private boolean awaitHandedOn() throws InterruptedException {
        Duration backoff = config.ingest().retryBackoff();
        while (!detection.flushPending()) {
            if (stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            backoff = longer(backoff);
        }
        return true;
    }

    /**
     * Up to when ingest has seen each owned partition: the broker's append time of the newest record stored
     * (LogAppendTime records only: an agent's clock is not trusted), or the instant at which its position was
     * confirmed at the end of the partition. Confirmations ask the broker for the end offsets at most once a
     * second, and also as soon as a silence deadline has come that the horizon has not reached (at most every
     * {@link #DEADLINE_CHECK}, even with a batch in flight: an end offset not yet stored is remembered with the
     * instant taken before asking, and the partition is seen up to that instant once everything before the offset
     * is stored); when Kafka cannot be reached they fail and the horizon stays where it was, so silence is never
     * judged on data that could not be read.
     */
    private final class Watermark {
        private final Map<TopicPartition, Instant> seen = new java.util.HashMap<>();
        /** Per partition, the offset after the newest record stored (of the batches completed so far). */
        private final Map<TopicPartition, Long> stored = new java.util.HashMap<>();
        /**
         * Per partition, an end offset the broker gave at a check that had not been stored yet, and the instant taken
         * before asking: once everything before that offset is stored, the partition is seen up to that instant.
         */
        private final Map<TopicPartition, Confirmation> pending = new java.util.HashMap<>();
        private Instant lastCheck = Instant.EPOCH;
        /** The horizon handed to detection last (null: not known). */
        private Instant lastHorizon;

        /**
         * @param completed batches stored and handed on since the last call
         * @param nothingInFlight whether every batch read so far is stored (only then is the position the truth)
         */
        void afterPoll(KafkaConsumer<String, byte[]> c, List<ConsumerRecords<String, byte[]>> completed,
                boolean nothingInFlight) {
            for (ConsumerRecords<String, byte[]> records : completed) {
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<String, byte[]>> list = records.records(tp);
                    for (ConsumerRecord<String, byte[]> r : list) {
                        if (r.timestampType() == org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME) {
                            seen.merge(tp, Instant.ofEpochMilli(r.timestamp()), (a, b) -> a.isAfter(b) ? a : b);
                        }
                    }
                    if (!list.isEmpty()) {
                        stored.merge(tp, list.get(list.size() - 1).offset() + 1, Math::max);
                    }
                }
            }
            Instant now = clock.instant();
            Set<TopicPartition> assigned = c.assignment();
            // Once a second when nothing is in flight (as ever); and, while a silence deadline waits for the horizon,
            // every DEADLINE_CHECK even with a batch in flight: an end not yet stored is confirmed when it is.
            boolean routine = nothingInFlight && !now.isBefore(lastCheck.plusSeconds(1));
            boolean deadline = awaitingDeadline(now) && !now.isBefore(lastCheck.plus(DEADLINE_CHECK));
            if (!assigned.isEmpty() && (routine || deadline)) {
                lastCheck = now;
                try {
                    Map<TopicPartition, Long> end = c.endOffsets(assigned, Duration.ofSeconds(2));
                    for (TopicPartition tp : assigned) {
                        Long last = end.get(tp);
                        if (last == null) {
                            continue;
                        }
                        long position = c.position(tp, Duration.ofSeconds(2));
                        metrics.lag(tp, Math.max(0, last - position));
                        // with nothing in flight the position is what is stored; otherwise only completed batches say
                        long upTo = nothingInFlight ? Math.max(position, stored.getOrDefault(tp, -1L))
                                : stored.getOrDefault(tp, -1L);
                        if (upTo >= last) {
                            seen.merge(tp, now, (a, b) -> a.isAfter(b) ? a : b);
                            pending.remove(tp);
                        } else {
                            pending.put(tp, new Confirmation(last, now));
                        }
                    }
                } catch (org.apache.kafka.common.KafkaException e) {
                    LOG.debugf("cannot confirm the end of the partitions (%s)", e.getMessage());
                }
            }
            pending.entrySet().removeIf(e -> {
                if (stored.getOrDefault(e.getKey(), -1L) >= e.getValue().end()) {
                    seen.merge(e.getKey(), e.getValue().at(), (a, b) -> a.isAfter(b) ? a : b);
                    return true;
                }
                return false;
            });
            seen.keySet().retainAll(assigned);
            stored.keySet().retainAll(assigned);
            pending.keySet().retainAll(assigned);
            Instant horizon = null;
            for (TopicPartition tp : assigned) {
                Instant t = seen.get(tp);
                if (t == null) {
                    horizon = null;
                    break;
                }
                horizon = horizon == null || t.isBefore(horizon) ? t : horizon;
            }
            lastHorizon = horizon;
            if (horizon != null) {
                detection.seenUpTo(horizon);
                readiness.seenUpTo(horizon);
            }
        }

        /** Whether a silence deadline has come that the horizon has not reached yet: the ends are confirmed now. */
        private boolean awaitingDeadline(Instant now) {
            Instant due = detection.silenceDue();
            return due != null && !due.isAfter(now) && (lastHorizon == null || lastHorizon.isBefore(due));
        }

        void forget(Collection<TopicPartition> partitions) {
            partitions.forEach(seen::remove);
            partitions.forEach(stored::remove);
            partitions.forEach(pending::remove);
            partitions.forEach(metrics::forget);
        }
    }

    /** An end offset of a partition the broker gave, and the instant taken before asking for it. */
    private record Confirmation(long end, Instant at) {
    }

    /** Which targets this instance watches follows which partitions it owns. */
    private final class Ownership implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> c;
        private final DeadLetters deadLetters;

        Ownership(KafkaConsumer<String, byte[]> c, DeadLetters deadLetters) {
            this.c = c;
            this.deadLetters = deadLetters;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                drain(c, deadLetters); // what was read is stored and committed before another instance reads on
            }
            watermark.forget(partitions);
            detection.revoked(partitions);
            readiness.owned(Math.max(0, c.assignment().size() - partitions.size()));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            inflight.clear(); // not ours any more: the new owner reads these records again
            watermark.forget(partitions);
            detection.revoked(partitions);
            readiness.owned(Math.max(0, c.assignment().size() - partitions.size()));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<String, Integer> counts = new java.util.HashMap<>();
            for (TopicPartition tp : partitions) {
                counts.computeIfAbsent(tp.topic(), t -> c.partitionsFor(t).size());
            }
            partitionCounts.putAll(counts);
            readiness.owned(c.assignment().size());
            Duration backoff = config.ingest().retryBackoff();
            while (stopped.getCount() > 0) {
                try {
                    List<Detection.OpenAlert> open = stateReader.activeIncidents().stream()
                            .flatMap(i -> i.activeAlerts().stream().map(k -> new Detection.OpenAlert(k, i.startedAt())))
                            .toList();
                    detection.assigned(partitions, counts, stateReader.targets(), open);
                    return;
                } catch (RuntimeException e) {
                    LOG.warnf("cannot restore the targets of %s yet (%s); retrying in %s", partitions, e.getMessage(),
                            backoff);
                    try {
                        if (stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                            return;
                        }
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    backoff = longer(backoff);
                }
            }
        }
    }

}
