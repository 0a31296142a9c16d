package io.mihari.e2e;

import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.Topics;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.MihariInfra;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.mihari.e2e.BenchReport.count;
import static io.mihari.e2e.BenchReport.rate;
import static io.mihari.e2e.BenchReport.seconds;
import static io.mihari.e2e.BenchReport.spread;
import static io.mihari.e2e.BenchIndices.awaitQuietly;
import static io.mihari.e2e.BenchIndices.byService;
import static io.mihari.e2e.BenchIndices.secondsBetween;
import static io.mihari.e2e.BenchIndices.term;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingest benchmark ({@code bench/ingest.sh}; excluded from {@code ./mvnw verify} by its tag). Real Kafka,
 * OpenSearch and SMTP from test-support, the packaged alert-service as a child process with a generated catalog
 * and its default settings (only ports and the catalog are set). It uses only public contracts: the topic
 * {@code mihari.events.v1}, the indices, and the configuration in alert-service's application.properties.
 *
 * <ol>
 * <li>a: raw {@code _bulk} of alert-service's documents into a fresh daily index — the baseline;</li>
 * <li>b: the same shapes through Kafka and alert-service, as a ratio to a (goal ≥ 0.8) — a and b run in alternating
 * pairs ({@code -Dbench.ingest.pairs}), b against a warm alert-service unless {@code -Dbench.ingest.b=cold|both};</li>
 * <li>c: event → searchable latency of single events at a steady trickle;</li>
 * <li>d: last heartbeat → incident in {@code mihari-incidents}, default missed heartbeats and grouping wait;</li>
 * <li>e: how many targets at 10 s heartbeats one instance holds before detection slips.</li>
 * </ol>
 * Every size is a system property ({@code -Dbench.events=…}, see the fields). The rows are printed as they are
 * measured and written to {@code target/e2e-logs/bench-ingest/results.md}.
 */
@Tag("benchmark")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestBenchmarkTest {

    /** Events of phases a and b each. */
    final int events = Integer.getInteger("bench.events", 200_000);
    /** Documents per {@code _bulk} request in phase a: alert-service's default max-poll-records. */
    final int batch = Integer.getInteger("bench.batch", 500);
    /** Hosts (not in the catalog) that send the events of phases a–c. */
    final int hosts = Integer.getInteger("bench.hosts", 1_000);
    /** Phase c: single events per second, and for how long. */
    final int latencyRate = Integer.getInteger("bench.latency.rate", 20);
    final int latencySeconds = Integer.getInteger("bench.latency.seconds", 30);
    /** Phase d: services, each with this many heartbeating servers; one server of each goes silent. */
    final int incidentServices = Integer.getInteger("bench.incident.services", 20);
    final int incidentTargets = Integer.getInteger("bench.incident.targets-per-service", 5);
    /** Phase e: targets heartbeating at each step, in services of this size. */
    final List<Integer> steps = Arrays.stream(System.getProperty("bench.capacity.steps", "1000,5000,10000,20000")
            .split(",")).map(String::trim).map(Integer::valueOf).toList();
    final int stepServiceSize = Integer.getInteger("bench.capacity.targets-per-service", 100);
    /** Phase e stops at the first step that does not hold. */
    final boolean stopAtFirstSlip = Boolean.parseBoolean(System.getProperty("bench.capacity.stop-at-first-slip", "true"));
    /** alert-service's heap, as deploy/local/mihari and the end-to-end test start it. */
    final String heap = System.getProperty("bench.alert.heap", "256m");
    /**
     * true: alert-service runs with a flight recording (JFR, settings "profile"), written when it stops to
     * {@code target/e2e-logs/bench-ingest/alert-service[-2].jfr} (read it with {@code jfr print}/{@code jfr summary}).
     */
    final boolean jfr = Boolean.getBoolean("bench.alert.jfr");
    /** The phases to run, by letter (e.g. {@code e} or {@code ef}); the others are skipped. */
    final String phases = System.getProperty("bench.phases", "abcdef");
    /** Phases a and b run in this many alternating pairs (a1 b1 a2 b2 …), each pair's ratio and their median reported. */
    final int pairs = Integer.getInteger("bench.ingest.pairs", 3);
    /**
     * How phase b meets alert-service: {@code warm} (it keeps running; an untimed backlog of the same shapes first,
     * then the timed one produced while it runs), {@code cold} (issue 4's: produced with it stopped, then started), or
     * {@code both} (each pair a, warm b, cold b).
     */
    final String bMode = System.getProperty("bench.ingest.b", "warm");
    /** Warm b: events consumed, untimed, before each timed backlog. */
    final int bWarmup = Integer.getInteger("bench.ingest.b-warmup", events);
    /** Phase f runs when 2: a second alert-service instance in the same consumer group, and this many targets. */
    final int instances = Integer.getInteger("bench.capacity.instances", 1);
    final int twoInstanceTargets = Integer.getInteger("bench.capacity.two-instance-targets", 100_000);
    /** Partitions of every event topic alert-service creates ({@code mihari.ingest.partitions}). */
    final int partitions = Integer.getInteger("bench.partitions", 6);
    /** More JVM options for alert-service, space-separated (e.g. {@code -XX:+UseParallelGC}). */
    final List<String> extraJvmOptions = Arrays.stream(System.getProperty("bench.alert.jvm-options", "").trim()
            .split("\\s+")).filter(o -> !o.isEmpty()).toList();

    static final Duration INTERVAL = Duration.ofSeconds(10);
    /** Tenant of the hosts of phases a–c: not in the catalog, so they are stored but raise no incidents. */
    static final String LOAD_TENANT = "benchload";
    /** Phase a's index: a daily index (the events template applies) of a day no event of this run has. */
    static final String BASELINE_INDEX = "mihari-events-2100.01.01";

    final Clock clock = Clock.systemUTC();
    BenchReport report;
    BenchOpenSearch openSearch;
    BenchIndices indices;
    BenchLag lag;
    BenchFleet fleet;
    KafkaProducer<String, byte[]> bulkProducer;
    KafkaProducer<String, byte[]> fleetProducer;
    KafkaProducer<String, byte[]> singleProducer;
    Path repo;
    Path logs;
    Path work;
    Map<String, String> alertConfig;
    String readyUrl;
    App alertService;
    long[] seq;
    int missedHeartbeats;
    Duration groupingWait;
    List<String> incidentTargetIds;
    List<String> capacityTargetIds;
    List<String> probeTargetIds;
    List<String> twoInstanceProbeIds;
    App secondInstance;
    int port;

    @BeforeAll
    void start() throws Exception {
        repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        logs = Path.of(System.getProperty("e2e.logs.dir", "target/e2e-logs")).toAbsolutePath().resolve("bench-ingest");
        report = new BenchReport(logs.resolve("results.md"));
        readDefaults();
        report.head("### Ingest, " + BenchReport.machine(clock));
        report.head("");
        report.head("Command: `bench/ingest.sh` (events " + count(events) + ", " + hosts + " hosts, steps " + steps
                + ", a/b pairs " + pairs + ", b " + bMode + (bMode.equals("cold") ? "" : ", b warm-up " + count(bWarmup))
                + "); Kafka 4.1.2 in the benchmark's JVM, OpenSearch 2.19.6 (512 MB heap) and the packaged alert-service"
                + " (-Xmx" + heap + (extraJvmOptions.isEmpty() ? "" : " " + String.join(" ", extraJvmOptions))
                + (jfr ? ", JFR on" : "") + ", " + partitions + " partitions per event topic, missed heartbeats " + missedHeartbeats + ", grouping wait "
                + seconds(groupingWait) + ") as processes on the same machine.");

        Map<String, String> infra = MihariInfra.serviceConfig();
        openSearch = new BenchOpenSearch(infra.get("mihari.opensearch.url"));
        indices = new BenchIndices(openSearch, clock);
        lag = new BenchLag(infra.get("kafka.bootstrap.servers"));
        BenchCatalog catalog = new BenchCatalog();
        incidentTargetIds = catalog.addServices("d", incidentServices, 2, incidentTargets);
        int largest = Math.max(steps.stream().mapToInt(Integer::intValue).max().orElse(0),
                instances > 1 ? twoInstanceTargets : 0);
        int capacityServices = (largest + stepServiceSize - 1) / stepServiceSize;
        // the fleet is not critical (it never goes down; the probes, in services of their own, are), so that a
        // catalog of 100,000 stays within what the catalog loader reads
        capacityTargetIds = catalog.addServices("e", capacityServices, Math.max(3, digits(capacityServices)),
                stepServiceSize, false);
        probeTargetIds = catalog.addServices("p", steps.size(), 2, 1);
        // phase f: candidates for one probe per instance (a probe must hash to a partition its instance owns)
        twoInstanceProbeIds = catalog.addServices("q", 4 * partitions, 3, 1);
        work = Files.createTempDirectory("mihari-bench-");
        Path catalogFile = catalog.write(work.resolve("catalog.yaml"));

        port = FreePorts.next();
        alertConfig = new LinkedHashMap<>(infra);
        alertConfig.put("mihari.catalog.path", catalogFile.toString());
        alertConfig.put("quarkus.http.port", Integer.toString(port));
        alertConfig.put("mihari.ingest.partitions", Integer.toString(partitions));
        readyUrl = "http://127.0.0.1:" + port + "/q/health/ready";
        alertService = alertService().start(); // assigned first: stopped in stop() even if it never gets ready
        alertService.awaitReady(readyUrl);

        String bootstrap = infra.get("kafka.bootstrap.servers");
        bulkProducer = producer(bootstrap, 20);
        fleetProducer = producer(bootstrap, 5);
        singleProducer = producer(bootstrap, 0);
        fleet = new BenchFleet(fleetProducer, clock, INTERVAL);

        // Every load host heard once before anything is timed: its first heartbeat is a status change (a write),
        // later ones are not — the timed phases measure steady ingest.
        seq = new long[hosts];
        for (int h = 0; h < hosts; h++) {
            Event hb = BenchEvents.heartbeat(LOAD_TENANT, "warm", host(h), ++seq[h], BenchEvents.QUIET_INTERVAL_SECONDS,
                    clock.instant());
            bulkProducer.send(record(hb));
        }
        bulkProducer.flush();
        // a count may answer 503 while the new daily index's shard starts on a busy machine: that is "not yet"
        assertThat(awaitQuietly("warm-up heartbeats searchable", Duration.ofMinutes(3), Duration.ofMillis(500),
                () -> openSearch.count("mihari-events-*", term("system", "warm")) >= hosts))
                .as("warm-up heartbeats searchable within 3 min").isTrue();
        awaitIdle("phase a", Duration.ofMinutes(1)); // the warm-up's status writes must not overlap the baseline
        report.note("catalog: " + count(catalog.targetCount()) + " targets; " + hosts
                + " load hosts warmed up (one heartbeat each) before the timed phases");
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {fleet, bulkProducer, fleetProducer, singleProducer, lag, alertService,
                secondInstance}) {
            if (c != null) {
                c.close();
            }
        }
        if (report != null) {
            report.write();
        }
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Phases a and b in alternating pairs (a1 b1 a2 b2 …), each a on a fresh index, each b on a backlog of the
     * same documents (only {@code system} and ids differ): each pair's ratio, then the median ratio and the ratio
     * of the medians. One a/b pair per run swung by 39 % between runs minutes apart on a quiet machine.
     */
    @Test
    @Order(1)
    void abIngestRatioInPairs() throws Exception {
        Assumptions.assumeTrue(phases.contains("a") || phases.contains("b"), "neither phase a nor b in -Dbench.phases="
                + phases);
        boolean runA = phases.contains("a");
        boolean runB = phases.contains("b");
        boolean warm = "warm".equals(bMode) || "both".equals(bMode);
        boolean cold = "cold".equals(bMode) || "both".equals(bMode);
        Assumptions.assumeTrue(warm || cold, "-Dbench.ingest.b=" + bMode + ": warm, cold or both");
        List<Double> aRates = new ArrayList<>();
        List<Double> warmRates = new ArrayList<>();
        List<Double> coldRates = new ArrayList<>();
        List<Double> warmRatios = new ArrayList<>();
        List<Double> coldRatios = new ArrayList<>();
        for (int pair = 1; pair <= pairs; pair++) {
            double a = runA ? rawBulkBaseline(pair) : Double.NaN;
            aRates.add(a);
            if (runB && warm) {
                double b = warmBacklog(pair, a);
                warmRates.add(b);
                warmRatios.add(b / a);
            }
            if (runB && cold) {
                double b = coldBacklog(pair, a);
                coldRates.add(b);
                coldRatios.add(b / a);
            }
        }
        if (runA && runB) {
            String of = pairs + " pairs, alternating";
            if (warm) {
                summary("b warm", of, aRates, warmRates, warmRatios);
            }
            if (cold) {
                summary("b cold", of, aRates, coldRates, coldRatios);
            }
        }
    }

    /** The median of each pair's ratio, and the ratio of the medians of b and a. */
    void summary(String which, String of, List<Double> aRates, List<Double> bRates, List<Double> ratios) {
        double medianRatio = median(ratios);
        double ofMedians = median(bRates) / median(aRates);
        report.row("a/" + which, of + ": ratios per pair " + ratios.stream().map(IngestBenchmarkTest::ratio)
                        .collect(java.util.stream.Collectors.joining(", ")),
                "median ratio **" + ratio(medianRatio) + " ×** (goal ≥ 0.8: " + (medianRatio >= 0.8 ? "met" : "not met")
                        + "); ratio of the medians " + rate(median(bRates)) + " / " + rate(median(aRates)) + " = "
                        + ratio(ofMedians) + " ×; a " + rate(min(aRates)) + "–" + rate(max(aRates)) + " docs/s, b "
                        + rate(min(bRates)) + "–" + rate(max(bRates)) + " events/s");
    }

    /** Phase a of a pair: raw {@code _bulk} into a fresh daily index; returns the searchable rate. */
    double rawBulkBaseline(int pair) {
        Instant now = clock.instant();
        List<byte[]> bodies = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < events; i++) {
            int h = i % hosts;
            Event e = BenchEvents.mixed(i, LOAD_TENANT, "phase-a" + pair, host(h), ++seq[h], now);
            body.append("{\"create\":{\"_index\":\"").append(BASELINE_INDEX).append("\",\"_id\":\"").append(e.eventId())
                    .append("\"}}\n").append(BenchEvents.document(e, now)).append('\n');
            if ((i + 1) % batch == 0 || i == events - 1) {
                bodies.add(body.toString().getBytes(StandardCharsets.UTF_8));
                body.setLength(0);
            }
        }
        openSearch.put("/" + BASELINE_INDEX, "{}"); // exists before the timing, as today's index does in phase b

        // Warm OpenSearch's indexing path first (JIT, segments), untimed: a cold first phase measured half the
        // rate of a warm one on this machine, which made the b/a ratio swing between runs.
        String warmIndex = BASELINE_INDEX + "-warm";
        openSearch.put("/" + warmIndex, "{}");
        for (int i = 0; i < Math.max(1, bodies.size() / 5); i++) {
            openSearch.bulk(new String(bodies.get(i), StandardCharsets.UTF_8)
                    .replace("\"_index\":\"" + BASELINE_INDEX + "\"", "\"_index\":\"" + warmIndex + "\"")
                    .getBytes(StandardCharsets.UTF_8));
        }
        openSearch.delete("/" + warmIndex);

        int failed = 0;
        long t0 = System.nanoTime();
        double baselineRate;
        try (BenchVisibility visible = new BenchVisibility(() -> openSearch.count(BASELINE_INDEX, "{\"match_all\":{}}"),
                events)) {
            for (byte[] b : bodies) {
                failed += openSearch.bulk(b);
            }
            double bulkSeconds = (System.nanoTime() - t0) / 1e9;
            awaitVisible(visible, "baseline documents searchable", Duration.ofMinutes(5));
            baselineRate = visible.steadyRate();
            report.row("a" + pair, "raw `_bulk` of " + count(events) + " alert-service documents (heartbeat/resources/"
                            + "check), " + batch + " per request, one client, into a fresh daily index",
                    rate(baselineRate) + " docs/s searchable (first to last visible); all requests answered in "
                            + seconds(bulkSeconds) + " = " + rate(events / bulkSeconds) + " docs/s; " + failed + " failed");
        } finally {
            openSearch.delete("/" + BASELINE_INDEX);
        }
        assertThat(failed).as("rejected documents").isZero();
        return baselineRate;
    }

    /**
     * Phase b of a pair, alert-service warm: first an untimed backlog of the same shapes ({@code bench.ingest.b-warmup}
     * events, its own {@code system}) consumed to the end, then the timed backlog produced at full speed while the
     * warm alert-service runs (the producer makes it in about a second, far faster than any consumer here); the
     * rate is taken as in the cold b, from the first to the last searchable document of the timed set.
     */
    double warmBacklog(int pair, double baseline) throws Exception {
        Instant now = clock.instant();
        List<ProducerRecord<String, byte[]>> warmUp = records("phase-w" + pair, bWarmup, now);
        List<ProducerRecord<String, byte[]>> timed = records("phase-b" + pair, events, now);
        if (!warmUp.isEmpty()) {
            produce(warmUp);
            warmUp = null;
            String warmQuery = term("system", "phase-w" + pair);
            try (BenchVisibility visible = new BenchVisibility(() -> openSearch.count("mihari-events-*", warmQuery),
                    bWarmup)) {
                awaitVisible(visible, "warm-up events stored by alert-service", Duration.ofSeconds(120 + bWarmup / 500));
            }
        }
        awaitIdle("timed b" + pair, Duration.ofMinutes(1));
        String query = term("system", "phase-b" + pair);
        double produceSeconds;
        double ingest;
        Instant timedStart = clock.instant();
        try (BenchVisibility visible = new BenchVisibility(() -> openSearch.count("mihari-events-*", query), events)) {
            produceSeconds = produce(timed);
            timed = null;
            awaitVisible(visible, "events stored by alert-service", Duration.ofSeconds(120 + events / 500));
            ingest = visible.steadyRate();
            dumpRecording("alert-service-phase-b" + pair + ".jfr", timedStart);
            double ratio = ingest / baseline;
            report.row("b" + pair, count(events) + " events of the same shapes on `" + Topics.EVENTS_PREFIX
                            + "<tenant>`, alert-service warm (" + count(bWarmup) + " events of the same shapes consumed"
                            + " first, untimed), produced at " + rate(events / produceSeconds) + " events/s while it runs",
                    rate(ingest) + " events/s searchable = **" + ratio(ratio) + " × a" + pair + "**; produce to first"
                            + " searchable " + seconds(visible.firstSeconds()) + ", all " + seconds(visible.totalSeconds()));
        }
        openSearch.refresh("mihari-events-*");
        assertThat(openSearch.count("mihari-events-*", query)).as("stored once each").isEqualTo(events);
        return ingest;
    }

    /**
     * Phase b of a pair as issue 4 measured it ({@code -Dbench.ingest.b=cold} or {@code both}): the backlog produced
     * with alert-service stopped, then alert-service started — a cold JVM (JIT compiling the whole service while it
     * catches up) against a warm OpenSearch.
     */
    double coldBacklog(int pair, double baseline) throws Exception {
        List<ProducerRecord<String, byte[]>> records = records("phase-x" + pair, events, clock.instant());
        alertService.close();
        double produceSeconds = produce(records);
        records = null;

        Instant started = clock.instant();
        alertService = alertService().start();
        String query = term("system", "phase-x" + pair);
        try (BenchVisibility visible = new BenchVisibility(() -> openSearch.count("mihari-events-*", query), events)) {
            awaitVisible(visible, "events stored by alert-service", Duration.ofSeconds(120 + events / 500));
            double ingest = visible.steadyRate();
            dumpRecording("alert-service-phase-b" + pair + "-cold.jfr", started);
            double ratio = ingest / baseline;
            report.row("b" + pair + " cold", count(events) + " events of the same shapes on `" + Topics.EVENTS_PREFIX
                            + "<tenant>` (produced with alert-service stopped: " + rate(events / produceSeconds)
                            + " events/s), then alert-service started", rate(ingest) + " events/s searchable = **"
                            + ratio(ratio) + " × a" + pair + "**; start to first searchable "
                            + seconds(visible.firstSeconds()) + ", all " + seconds(visible.totalSeconds()));
            alertService.awaitReady(readyUrl);
            openSearch.refresh("mihari-events-*");
            assertThat(openSearch.count("mihari-events-*", query)).as("stored once each").isEqualTo(events);
            return ingest;
        }
    }

    /** Events of phase b's shapes (heartbeat/resources/check in turn) of the load hosts, {@code system} as given. */
    List<ProducerRecord<String, byte[]>> records(String system, int n, Instant at) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int h = i % hosts;
            records.add(record(BenchEvents.mixed(i, LOAD_TENANT, system, host(h), ++seq[h], at)));
        }
        return records;
    }

    /** Sends every record and waits until all are acknowledged; returns the seconds that took. */
    double produce(List<ProducerRecord<String, byte[]>> records) {
        AtomicLong failed = new AtomicLong();
        long p0 = System.nanoTime();
        for (ProducerRecord<String, byte[]> r : records) {
            bulkProducer.send(r, (m, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                }
            });
        }
        bulkProducer.flush();
        double seconds = (System.nanoTime() - p0) / 1e9;
        assertThat(failed.get()).as("events the producer could not send").isZero();
        return seconds;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static String ratio(double r) {
        return Double.isNaN(r) ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", r);
    }


    @Test
    @Order(3)
    void cEventToSearchableLatency() {
        phase("c");
        awaitIdle("phase c", Duration.ofMinutes(2));
        int total = latencyRate * latencySeconds;
        Map<String, Long> pending = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger pollErrors = new AtomicInteger();
        AtomicInteger sendErrors = new AtomicInteger();
        ScheduledExecutorService ex = Executors.newScheduledThreadPool(2);
        try {
            ex.scheduleAtFixedRate(() -> {
                int i = sent.get();
                if (i >= total) {
                    return;
                }
                int h = i % hosts;
                Event e = BenchEvents.heartbeat(LOAD_TENANT, "phase-c", host(h), ++seq[h],
                        BenchEvents.QUIET_INTERVAL_SECONDS, clock.instant());
                pending.put(e.eventId(), System.nanoTime());
                try {
                    singleProducer.send(record(e));
                } catch (RuntimeException failed) {
                    pending.remove(e.eventId()); // not sent: no latency to measure (an exception would end the schedule)
                    sendErrors.incrementAndGet();
                }
                sent.incrementAndGet();
            }, 0, 1_000_000_000L / latencyRate, TimeUnit.NANOSECONDS);
            ex.scheduleWithFixedDelay(() -> {
                try {
                    indices.collectSearchable(pending, latencies);
                } catch (RuntimeException e) {
                    pollErrors.incrementAndGet(); // polled again in 50 ms; an exception escaping would end the schedule
                }
            }, 50, 50, TimeUnit.MILLISECONDS);
            awaitQuietly("single events searchable", Duration.ofSeconds(latencySeconds + 60),
                    () -> sent.get() >= total && pending.isEmpty());
        } finally {
            ex.shutdownNow();
        }
        report.row("c", "event → searchable: " + latencyRate + " single events/s for " + latencySeconds
                        + " s, alert-service otherwise idle; searched by id every 50 ms",
                spread(List.copyOf(latencies)) + (pending.isEmpty() ? "" : "; " + pending.size() + " never searchable")
                        + (pollErrors.get() == 0 ? "" : "; " + pollErrors.get() + " failed polls")
                        + (sendErrors.get() == 0 ? "" : "; " + sendErrors.get() + " not sent"));
        assertThat(pending).as("events never searchable").isEmpty();
    }

    @Test
    @Order(4)
    void dLastHeartbeatToIncident() {
        phase("d");
        fleet.add(incidentTargetIds);
        assertThat(indices.awaitUp(List.of("bench/d"), incidentTargetIds.size(), Duration.ofSeconds(90)))
                .as("phase d targets UP").isTrue();
        List<String> silent = new ArrayList<>();
        for (int i = 0; i < incidentTargetIds.size(); i += incidentTargets) {
            silent.add(incidentTargetIds.get(i)); // the first server of every service
        }
        Map<String, Instant> last = fleet.silence(silent);
        Duration expected = INTERVAL.multipliedBy(missedHeartbeats).plus(groupingWait);
        Map<String, BenchIndices.Opened> opened = indices.awaitIncidents(byService(last), expected.plusSeconds(90));

        List<Double> toOpened = new ArrayList<>();
        List<Double> toSeen = new ArrayList<>();
        List<Double> toDetected = new ArrayList<>();
        byService(last).forEach((service, lastSent) -> {
            BenchIndices.Opened o = opened.get(service);
            if (o != null) {
                toOpened.add(secondsBetween(lastSent, o.openedAt()));
                toSeen.add(secondsBetween(lastSent, o.seenAt()));
                if (o.detectedAt() != null) {
                    toDetected.add(secondsBetween(lastSent, o.detectedAt()));
                }
            }
        });
        String what = incidentServices + " services × " + incidentTargets + " servers at 10 s heartbeats; one server"
                + " of each stops at once; from its last heartbeat sent";
        report.row("d", what + " to the incident's `openedAt`", spread(toOpened) + " (expected ≈ "
                + missedHeartbeats + " × 10 s + " + seconds(groupingWait) + " = " + seconds(expected) + ")"
                + (opened.size() < silent.size() ? "; " + (silent.size() - opened.size()) + " services without incident"
                        : ""));
        report.row("d", what + " to the incident searchable in `mihari-incidents` (polled every 250 ms)",
                spread(toSeen));
        report.row("d", what + " to the incident's `detectedAt` (the outage detected)", spread(toDetected));
        assertThat(opened).as("services with an incident").hasSize(silent.size());
    }

    @Test
    @Order(5)
    void eTargetsOneInstanceHolds() {
        phase("e");
        Duration limit = INTERVAL.multipliedBy(missedHeartbeats).plus(groupingWait).plusSeconds(5);
        BenchCapacity capacity = new BenchCapacity(fleet, lag, indices, capacityTargetIds, "bench/e", INTERVAL, limit);
        int held = 0;
        int previous = 0;
        for (int s = 0; s < steps.size(); s++) {
            int size = steps.get(s);
            BenchCapacity.Step step = capacity.run(size, previous, probeTargetIds.get(s));
            report.row("e", count(size) + " targets at 10 s heartbeats (" + count(size / 10) + " events/s) + 1 probe;"
                    + " probe silenced after warm-up (" + seconds(step.warmup()) + ")", step.summary());
            previous = size;
            if (step.held()) {
                held = size;
            } else if (stopAtFirstSlip) {
                break;
            }
        }
        report.row("e", "largest step that held (silent target detected within " + missedHeartbeats + " × 10 s + "
                + seconds(groupingWait) + " + 5 s, lag below one heartbeat round)", count(held) + " targets");
        report.note("fleet heartbeats sent: " + count(fleet.sent()) + ", failed: " + count(fleet.failed()));
    }

    @Test
    @Order(6)
    void fTwoInstancesHold() throws Exception {
        phase("f");
        Assumptions.assumeTrue(instances == 2, "phase f runs with -Dbench.capacity.instances=2");
        Map<String, String> second = new LinkedHashMap<>(alertConfig);
        int secondPort = FreePorts.next();
        second.put("quarkus.http.port", Integer.toString(secondPort));
        secondInstance = App.of("alert-service", "alert-service-2", repo, logs, heap, jvmOptions("alert-service-2"),
                second).start();
        secondInstance.awaitReady("http://127.0.0.1:" + secondPort + "/q/health/ready");
        BenchMetrics first = new BenchMetrics("http://127.0.0.1:" + port + "/q/metrics");
        BenchMetrics other = new BenchMetrics("http://127.0.0.1:" + secondPort + "/q/metrics");
        String topic = Topics.eventsOf(twoInstanceProbeIds.get(0));
        // the group has rebalanced: each instance owns part of the bench topic's partitions, together all of them
        await("partitions of " + topic + " split between the two instances").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                    Set<Integer> a = ownedPartitions(first, topic);
                    Set<Integer> b = ownedPartitions(other, topic);
                    return !a.isEmpty() && !b.isEmpty() && a.size() + b.size() == partitions;
                });
        Set<Integer> ofFirst = ownedPartitions(first, topic);
        Set<Integer> ofSecond = ownedPartitions(other, topic);
        String probeOfFirst = twoInstanceProbeIds.stream().filter(t -> ofFirst.contains(partitionOf(t))).findFirst()
                .orElseThrow();
        String probeOfSecond = twoInstanceProbeIds.stream().filter(t -> ofSecond.contains(partitionOf(t))).findFirst()
                .orElseThrow();

        Duration limit = INTERVAL.multipliedBy(missedHeartbeats).plus(groupingWait).plusSeconds(5);
        BenchCapacity capacity = new BenchCapacity(fleet, lag, indices, capacityTargetIds, "bench/e", INTERVAL, limit);
        int previous = fleet.active();
        // where the machine's CPU goes during the step: the profile of whether two instances can hold it here
        long openSearchCpuBefore = openSearchCpuMillis();
        BenchCapacity.Step step;
        BenchProcessStats.Window cpu1;
        BenchProcessStats.Window cpu2;
        BenchProcessStats.Window cpuBench;
        try (BenchProcessStats one = new BenchProcessStats(alertService.pid());
                BenchProcessStats two = new BenchProcessStats(secondInstance.pid());
                BenchProcessStats self = new BenchProcessStats(ProcessHandle.current().pid())) {
            step = capacity.run(twoInstanceTargets, Math.min(previous, twoInstanceTargets),
                    List.of(probeOfFirst, probeOfSecond));
            cpu1 = one.mark();
            cpu2 = two.mark();
            cpuBench = self.mark();
        }
        double openSearchCores = (openSearchCpuMillis() - openSearchCpuBefore) / 1000.0 / cpuBench.seconds();
        Map<String, Integer> targetsPerPartition = new java.util.TreeMap<>();
        for (String t : capacityTargetIds.subList(0, twoInstanceTargets)) {
            targetsPerPartition.merge(Integer.toString(partitionOf(t)), 1, Integer::sum);
        }
        report.row("f", "two instances in one consumer group: " + count(twoInstanceTargets) + " targets at 10 s"
                        + " heartbeats (" + count(twoInstanceTargets / 10) + " events/s) + 1 probe per instance; probes"
                        + " silenced after warm-up (" + seconds(step.warmup()) + ")",
                "instance 1: " + split(first, topic, targetsPerPartition) + "; instance 2: "
                        + split(other, topic, targetsPerPartition) + "; " + step.summary());
        report.note("fleet heartbeats sent: " + count(fleet.sent()) + ", failed: " + count(fleet.failed()));
        report.note(String.format(java.util.Locale.ROOT, "CPU during phase f's step (%.0f s, %d cores): alert-service 1"
                + " %.2f cores, alert-service 2 %.2f cores, OpenSearch %.2f cores, the benchmark's JVM (Kafka, the load"
                + " generator, probes) %.2f cores; the machine was busy %.0f %% of the time",
                cpuBench.seconds(), Runtime.getRuntime().availableProcessors(), cpu1.cores(), cpu2.cores(),
                openSearchCores, cpuBench.cores(), 100 * cpuBench.machineBusy()));
    }

    /** OpenSearch's own CPU time so far (its node stats), in milliseconds. */
    long openSearchCpuMillis() {
        return openSearch.get("/_nodes/_local/stats/process").path("nodes").elements().next().path("process")
                .path("cpu").path("total_in_millis").asLong();
    }

    /** The partitions of {@code topic} an instance's detection owns now (its published metric). */
    static Set<Integer> ownedPartitions(BenchMetrics metrics, String topic) {
        Set<Integer> owned = new java.util.TreeSet<>();
        java.util.regex.Pattern partition = java.util.regex.Pattern.compile("partition=\"(\\d+)\"");
        metrics.scrape().text().lines()
                .filter(l -> l.startsWith("mihari_detection_partition_owned{") && l.contains("topic=\"" + topic + "\""))
                .filter(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) > 0).forEach(l -> {
                    java.util.regex.Matcher m = partition.matcher(l);
                    if (m.find()) {
                        owned.add(Integer.valueOf(m.group(1)));
                    }
                });
        return owned;
    }

    /** An instance's share: its partitions of the topic, the fleet targets they hold, and what it watches. */
    static String split(BenchMetrics metrics, String topic, Map<String, Integer> targetsPerPartition) {
        Set<Integer> owned = ownedPartitions(metrics, topic);
        int targets = owned.stream().mapToInt(p -> targetsPerPartition.getOrDefault(Integer.toString(p), 0)).sum();
        long watched = Math.round(metrics.scrape().sum("mihari_detection_targets"));
        return "partitions " + owned + " of " + topic + ", " + count(targets) + " fleet targets in them, "
                + count(watched) + " targets watched (mihari_detection_targets)";
    }

    /** The partition Kafka's default partitioner puts a target's events in (keyed by target id). */
    int partitionOf(String targetId) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                targetId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    void phase(String letter) {
        Assumptions.assumeTrue(phases.contains(letter), "phase " + letter + " not in -Dbench.phases=" + phases);
    }

    /**
     * The JVM options of an alert-service start: {@code bench.alert.jvm-options}, and with {@code bench.alert.jfr} a
     * flight recording named "bench" written when it stops to {@code <logName>-<n>.jfr} (n counts the starts).
     */
    List<String> jvmOptions(String logName) {
        List<String> options = new ArrayList<>(extraJvmOptions);
        if (jfr) {
            options.add("-XX:StartFlightRecording=name=bench,settings=profile,dumponexit=true,filename="
                    + logs.resolve(logName + "-" + (++starts) + ".jfr"));
        }
        return options;
    }

    /** Waits until no consumer group lags behind (alert-service has consumed everything so far); notes it if not. */
    void awaitIdle(String before, Duration atMost) {
        if (!awaitQuietly("alert-service idle", atMost, () -> lag.total() == 0)) {
            report.note("before " + before + ": consumer lag still " + lag.total() + " after " + seconds(atMost)
                    + " (measured anyway)");
        }
    }

    // ---- helpers ----

    App alertService() {
        return App.of("alert-service", "alert-service", repo, logs, heap, jvmOptions("alert-service"), alertConfig);
    }

    int starts;

    /**
     * With {@code -Dbench.alert.jfr=true}: what the running alert-service has recorded since {@code since}, to
     * {@code file} ({@code JFR.dump begin=}: whole chunks, so the file may start earlier — filter its events by time).
     */
    void dumpRecording(String file, Instant since) throws IOException, InterruptedException {
        if (!jfr) {
            return;
        }
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(alertService.pid()), "JFR.dump", "name=bench", "begin=" + since, "filename=" + logs.resolve(file))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
        }
    }

    void awaitVisible(BenchVisibility visible, String what, Duration atMost) {
        if (!awaitQuietly(what, atMost, visible::done)) {
            throw new AssertionError(what + ": only " + visible.lastCount() + " searchable after " + seconds(atMost)
                    + (visible.lastError() == null ? "" : " (last count failed: " + visible.lastError() + ")")
                    + "\n--- alert-service log ---\n" + alertService.tail());
        }
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMs) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer());
    }

    static ProducerRecord<String, byte[]> record(Event event) {
        return new ProducerRecord<>(Topics.eventsOf(event.targetId()), event.targetId(), EventCodec.encode(event));
    }

    static String host(int i) {
        return String.format("load-%05d", i);
    }

    static int digits(int n) {
        return Integer.toString(n).length();
    }

    /** The defaults this run measures: alert-service's own application.properties, as it is packaged. */
    void readDefaults() throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(repo.resolve("alert-service/src/main/resources/application.properties"),
                StandardCharsets.UTF_8)) {
            p.load(in);
        }
        missedHeartbeats = Integer.parseInt(p.getProperty("mihari.liveness.missed-heartbeats", "3").trim());
        groupingWait = CatalogLoader.parseDuration(p.getProperty("mihari.incidents.grouping-wait", "30s").trim());
    }
}
