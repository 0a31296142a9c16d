package io.mihari.e2e;

import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Topics;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.MihariInfra;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.mihari.e2e.BenchIndices.awaitQuietly;
import static io.mihari.e2e.BenchReport.count;
import static io.mihari.e2e.BenchReport.percentile;
import static io.mihari.e2e.BenchReport.seconds;
import static io.mihari.e2e.BenchReport.spread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hostile-intake benchmark ({@code bench/hostile-intake.sh}; excluded from {@code ./mvnw verify} by its tag):
 * does junk on the event topic slow valid events down, is every junk record accounted for, and does ingest stay
 * up within bounded memory? Real Kafka, OpenSearch and SMTP from test-support, the packaged alert-service as a
 * child process with a generated catalog and its default settings. Throughout, a fleet of registered targets
 * heartbeats every 10 s, and a probe sends one check result a second that flips a registered target
 * ({@link BenchProbe}: send → stored, send → judged, by realtime GETs).
 *
 * <ol>
 * <li>A: the probe alone — the baseline;</li>
 * <li>B: the probe with {@value #JUNK_RATE_DEFAULT} junk records a second of every kind ({@link BenchJunk}),
 *     interleaved every 100 ms — the ratio of the p95s B/A is the cost of junk to valid events;</li>
 * <li>flood: 10,000 junk records among 1,000 valid heartbeats, as fast as the producer goes: time until all
 *     valid ones are stored and every junk record is dead-lettered (metrics by reason, dead-letter topic);</li>
 * <li>verdict: no ingest restart, no DOWN transition or incident opened by junk, alert-service's RSS.</li>
 * </ol>
 * Before A, an untimed warm-up runs probe and junk together, so neither path is measured cold. Every size is a
 * system property ({@code -Dbench.hostile.seconds=…}, see the fields). Rows are printed as they are measured and
 * written to {@code target/e2e-logs/bench-hostile/results.md}.
 */
@Tag("benchmark")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileIntakeBenchmarkTest {

    static final int JUNK_RATE_DEFAULT = 1_000;

    /** Registered targets heartbeating every 10 s, in services of this size. */
    final int targets = Integer.getInteger("bench.hostile.targets", 200);
    final int targetsPerService = Integer.getInteger("bench.hostile.targets-per-service", 10);
    /** Probes of phases A and B each (one a second). */
    final int seconds = Integer.getInteger("bench.hostile.seconds", 75);
    /** Untimed warm-up of probe and junk before A. */
    final int warmupSeconds = Integer.getInteger("bench.hostile.warmup-seconds", 15);
    /** Phase B: junk records a second, and one of them 900 KB every this many seconds (0: none). */
    final int junkRate = Integer.getInteger("bench.hostile.junk-rate", JUNK_RATE_DEFAULT);
    final int hugeEverySeconds = Integer.getInteger("bench.hostile.huge-every-seconds", 5);
    /** Flood: junk records, valid heartbeats among them, and how many of the junk records are 900 KB. */
    final int floodJunk = Integer.getInteger("bench.hostile.flood.junk", 10_000);
    final int floodValid = Integer.getInteger("bench.hostile.flood.valid", 1_000);
    final int floodHuge = Integer.getInteger("bench.hostile.flood.huge", 20);
    /** alert-service's heap, as deploy/local/mihari and the end-to-end tests start it. */
    final String heap = System.getProperty("bench.alert.heap", "256m");

    static final Duration INTERVAL = Duration.ofSeconds(10);
    /** The longest wait for alert-service to account for a window's junk (or store the flood). */
    static final Duration ACCOUNT_WITHIN = Duration.ofMinutes(3);
    static final Duration PROBE_GIVE_UP = Duration.ofSeconds(60);

    final Clock clock = Clock.systemUTC();
    BenchReport report;
    BenchOpenSearch openSearch;
    BenchIndices indices;
    BenchLag lag;
    BenchMetrics metrics;
    BenchAccounting accounting;
    BenchFleet fleet;
    BenchProbe probe;
    BenchJunkSender junk;
    BenchProcessStats stats;
    KafkaProducer<String, byte[]> fleetProducer;
    KafkaProducer<String, byte[]> probeProducer;
    KafkaProducer<String, byte[]> junkProducer;
    final ScheduledExecutorService lagSampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-lag");
        t.setDaemon(true);
        return t;
    });
    final AtomicLong maxLag = new AtomicLong();
    Path repo;
    Path logs;
    Path work;
    App alertService;
    Duration groupingWait;
    List<String> fleetIds;
    String probeId;
    String probeService;
    int partitions;
    double restartsBefore;
    long incidentsBefore;
    String loadAtStart;
    BenchProbe.Window a;
    BenchProbe.Window b;

    @BeforeAll
    void start() throws Exception {
        loadAtStart = BenchProcessStats.loadAverage();
        repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        logs = Path.of(System.getProperty("e2e.logs.dir", "target/e2e-logs")).toAbsolutePath().resolve("bench-hostile");
        report = new BenchReport(logs.resolve("results.md"));
        readDefaults();
        report.head("### Hostile intake, " + BenchReport.machine(clock));
        report.head("");
        report.head("Command: `bench/hostile-intake.sh` (" + targets + " registered targets at 10 s heartbeats, probe"
                + " 1/s, A and B " + seconds + " s each after a " + warmupSeconds + " s warm-up, junk "
                + count(junkRate) + "/s with one 900 KB record every " + hugeEverySeconds + " s, flood "
                + count(floodJunk) + " junk (" + floodHuge + " of 900 KB) + " + count(floodValid) + " valid);"
                + " Kafka 4.1.2 in the benchmark's JVM, OpenSearch 2.19.6 (512 MB heap) and the packaged"
                + " alert-service (-Xmx" + heap + ", defaults) as processes on the same machine; load average"
                + " (1/5/15 min) at the start " + loadAtStart + ".");

        Map<String, String> infra = MihariInfra.serviceConfig();
        openSearch = new BenchOpenSearch(infra.get("mihari.opensearch.url"));
        indices = new BenchIndices(openSearch, clock);
        lag = new BenchLag(infra.get("kafka.bootstrap.servers"));
        BenchCatalog catalog = new BenchCatalog();
        fleetIds = catalog.addServices("f", (targets + targetsPerService - 1) / targetsPerService, 3,
                targetsPerService);
        List<String> probes = catalog.addServices("p", 1, 1, 1);
        catalog.checks(probes, 1, 1);
        probeId = probes.get(0);
        probeService = BenchCatalog.serviceOfTarget(probeId);
        work = Files.createTempDirectory("mihari-bench-hostile-");
        Path catalogFile = catalog.write(work.resolve("catalog.yaml"));

        int port = FreePorts.next();
        Map<String, String> config = new LinkedHashMap<>(infra);
        config.put("mihari.catalog.path", catalogFile.toString());
        config.put("quarkus.http.port", Integer.toString(port));
        alertService = App.of("alert-service", repo, logs, heap, config).start()
                .awaitReady("http://127.0.0.1:" + port + "/q/health/ready");
        metrics = new BenchMetrics("http://127.0.0.1:" + port + "/q/metrics");
        accounting = new BenchAccounting(metrics, lag);
        stats = new BenchProcessStats(alertService.pid());

        String bootstrap = infra.get("kafka.bootstrap.servers");
        fleetProducer = producer(bootstrap, 5);
        probeProducer = producer(bootstrap, 0);
        junkProducer = producer(bootstrap, 5);
        partitions = junkProducer.partitionsFor(Topics.events(BenchCatalog.TENANT)).size();
        fleet = new BenchFleet(fleetProducer, clock, INTERVAL);
        fleet.add(fleetIds);
        fleet.add(List.of(probeId));
        assertThat(indices.awaitUp(List.of(BenchCatalog.TENANT + "/"), fleetIds.size() + 1, Duration.ofMinutes(2)))
                .as("every registered target UP").isTrue();
        probe = new BenchProbe(probeProducer, openSearch, clock, probeId, PROBE_GIVE_UP);
        junk = new BenchJunkSender(junkProducer, new BenchJunk(fleetIds, partitions, clock, 11));
        lagSampler.scheduleWithFixedDelay(() -> maxLag.accumulateAndGet(lag.total(), Math::max), 0, 1, TimeUnit.SECONDS);

        restartsBefore = metrics.scrape().sum(BenchMetrics.RESTARTS);
        incidentsBefore = falseIncidents();

        // Untimed: probe and junk together, so that neither path is measured while alert-service's JIT is cold.
        BenchAccounting.Mark before = accounting.mark();
        probe.start();
        BenchJunkSender.Tally warm = junk.startSteady(junkRate, hugeEverySeconds);
        awaitQuietly("warm-up", Duration.ofSeconds(warmupSeconds + 30), Duration.ofMillis(200),
                () -> warm.seconds() >= warmupSeconds);
        junk.stopSteady();
        probe.stop();
        BenchAccounting.Result warmed = accounting.await(warm, before, ACCOUNT_WITHIN);
        stats.mark();
        report.note("catalog: " + fleetIds.size() + " fleet targets in services of " + targetsPerService + " + probe `"
                + probeId + "` (checks 1 failure to DOWN, 1 success to UP); event topic of " + partitions
                + " partitions; warm-up: " + count(warm.acked()) + " junk records " + (warmed.complete()
                ? "all accounted" : "NOT all accounted: " + warmed.describe(warm)));
    }

    @AfterAll
    void stop() throws Exception {
        lagSampler.shutdownNow();
        for (AutoCloseable c : new AutoCloseable[] {probe, junk, fleet, stats, probeProducer, junkProducer,
                fleetProducer, lag, alertService}) {
            if (c != null) {
                c.close();
            }
        }
        if (report != null) {
            report.note("load average (1/5/15 min) at the end: " + BenchProcessStats.loadAverage());
            report.write();
        }
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void aValidEventsWithoutJunk() {
        String load = BenchProcessStats.loadAverage();
        maxLag.set(0);
        stats.mark();
        a = probe.start();
        awaitQuietly("phase A probes sent", Duration.ofSeconds(seconds + 30), Duration.ofMillis(200),
                () -> a.sent.get() >= seconds);
        probe.stop();
        BenchProcessStats.Window w = stats.mark();
        report.row("A", "no junk: probe 1/s (" + count(a.sent.get()) + " check results flipping a registered target)"
                + " among " + fleetIds.size() + " targets at 10 s heartbeats — **stored**: send → event found by a"
                + " realtime GET of its daily index (polled every 20 ms)", spread(a.stored) + problems(a));
        report.row("A", "same probes — **judged**: send → `mihari-targets/_doc/<probe>` (realtime GET) shows the"
                + " flip", spread(a.judged));
        report.row("A", "alert-service / machine", resources(w) + "; max consumer lag " + count(maxLag.get())
                + " records; load average at the start " + load);
        assertThat(a.givenUp.get()).as("probes never stored and judged").isZero();
    }

    @Test
    @Order(2)
    void bValidEventsAmongAThousandJunkRecordsASecond() throws Exception {
        String load = BenchProcessStats.loadAverage();
        BenchAccounting.Mark before = accounting.mark();
        maxLag.set(0);
        stats.mark();
        BenchJunkSender.Tally tally = junk.startSteady(junkRate, hugeEverySeconds);
        b = probe.start();
        awaitQuietly("phase B probes sent", Duration.ofSeconds(seconds + 30), Duration.ofMillis(200),
                () -> b.sent.get() >= seconds);
        probe.stopSending();
        junk.stopSteady();
        BenchAccounting.Result accounted = accounting.await(tally, before, ACCOUNT_WITHIN);
        probe.stop();
        BenchProcessStats.Window w = stats.mark();

        String with = "with " + count(junkRate) + " junk records/s";
        report.row("B", with + " — **stored** (as A)", spread(b.stored) + problems(b));
        report.row("B", with + " — **judged** (as A)", spread(b.judged));
        report.row("B/A", "p95 with junk / p95 without", a == null ? "n/a (A failed)" : String.format(Locale.ROOT,
                "stored **%.2f×** (%.2f s / %.2f s), judged **%.2f×** (%.2f s / %.2f s)",
                percentile(b.stored, 95) / percentile(a.stored, 95), percentile(b.stored, 95),
                percentile(a.stored, 95), percentile(b.judged, 95) / percentile(a.judged, 95),
                percentile(b.judged, 95), percentile(a.judged, 95)));
        report.row("B", "junk achieved (every kind in turn, " + JUNK_KINDS + ")", count(tally.acked())
                + " records acknowledged in " + seconds(tally.seconds()) + " = **" + BenchReport.rate(tally.acked()
                / tally.seconds()) + " records/s**, " + tally.huge() + " of them 900 KB" + (tally.failed() == 0 ? ""
                : "; " + tally.failed() + " not sent"));
        report.row("B", "junk accounted: `" + BenchMetrics.DEAD_LETTERS + "` delta by reason = sent; dead-letter"
                + " topic", accounted.describe(tally));
        report.row("B", "alert-service / machine", resources(w) + "; max consumer lag " + count(maxLag.get())
                + " records; load average at the start " + load);
        assertThat(b.givenUp.get()).as("probes never stored and judged").isZero();
        assertThat(accounted.complete()).as("every junk record of B dead-lettered: " + accounted.describe(tally))
                .isTrue();
    }

    @Test
    @Order(3)
    void floodOfTenThousandJunkRecordsAmongAThousandValidHeartbeats() {
        String load = BenchProcessStats.loadAverage();
        BenchAccounting.Mark before = accounting.mark();
        maxLag.set(0);
        stats.mark();
        String run = "flood-" + UUID.randomUUID().toString().substring(0, 8) + "-v-";
        String validQuery = "{\"prefix\":{\"eventId\":" + BenchOpenSearch.quote(run) + "}}";
        BenchJunkSender.Tally tally = new BenchJunkSender.Tally();
        int junkPerValid = Math.max(1, floodJunk / Math.max(1, floodValid));
        int hugeEvery = floodHuge == 0 ? Integer.MAX_VALUE : Math.max(1, floodJunk / floodHuge);
        AtomicLong validFailed = new AtomicLong();
        long t0 = System.nanoTime();
        int valid = 0;
        for (int j = 0; j < floodJunk; j++) {
            junk.send(j % hugeEvery == 0 ? BenchJunk.Kind.HUGE : junk.junk().nextSmall(), tally);
            if ((j + 1) % junkPerValid == 0 && valid < floodValid) {
                sendValid(run, valid++, validFailed);
            }
        }
        while (valid < floodValid) {
            sendValid(run, valid++, validFailed);
        }
        junk.flush();
        double produced = (System.nanoTime() - t0) / 1e9;

        double[] storedAt = {Double.NaN};
        double[] accountedAt = {Double.NaN};
        awaitQuietly("flood stored and accounted", ACCOUNT_WITHIN, Duration.ofMillis(100), () -> {
            double now = (System.nanoTime() - t0) / 1e9;
            if (Double.isNaN(storedAt[0]) && openSearch.count("mihari-events-*", validQuery) >= floodValid) {
                storedAt[0] = now;
            }
            if (Double.isNaN(accountedAt[0]) && accounting.complete(tally, before)) {
                accountedAt[0] = now;
            }
            return !Double.isNaN(storedAt[0]) && !Double.isNaN(accountedAt[0]);
        });
        BenchProcessStats.Window w = stats.mark();
        BenchAccounting.Result accounted = accounting.result(tally, before);
        long stored = openSearch.count("mihari-events-*", validQuery);

        report.row("flood", count(floodJunk) + " junk records (" + tally.huge() + " of 900 KB) interleaved with "
                + count(floodValid) + " valid heartbeats of registered targets, sent as fast as the producer goes"
                + " (produced and acknowledged in " + seconds(produced) + ")", "all valid searchable after **"
                + seconds(storedAt[0]) + "**, every junk record dead-lettered after **" + seconds(accountedAt[0])
                + "** (flood time " + seconds(Math.max(storedAt[0], accountedAt[0])) + ")" + (stored == floodValid
                ? "" : "; only " + stored + " valid searchable") + (validFailed.get() == 0 ? ""
                : "; " + validFailed.get() + " valid not sent"));
        report.row("flood", "junk accounted: `" + BenchMetrics.DEAD_LETTERS + "` delta by reason = sent; dead-letter"
                + " topic", accounted.describe(tally));
        report.row("flood", "alert-service / machine", resources(w) + "; max consumer lag " + count(maxLag.get())
                + " records; load average at the start " + load);
        assertThat(stored).as("valid heartbeats of the flood stored").isEqualTo(floodValid);
        assertThat(accounted.complete()).as("every junk record of the flood dead-lettered: "
                + accounted.describe(tally)).isTrue();
    }

    @Test
    @Order(4)
    void noRestartNoFalseIncidentBoundedMemory() {
        double restarts = metrics.scrape().sum(BenchMetrics.RESTARTS) - restartsBefore;
        openSearch.refresh("mihari-status");
        long fleetDown = openSearch.count("mihari-status", fleetTransitionsTo("DOWN"));
        long fleetUnknown = openSearch.count("mihari-status", fleetTransitionsTo("UNKNOWN"));
        // A junk record believed would have made its target DOWN at once and opened an incident a grouping wait
        // later: watch for that long after the last junk record was dealt with.
        Duration watch = groupingWait.plusSeconds(10);
        boolean noIncident;
        try {
            await("no incident opened by junk").during(watch).atMost(watch.plusSeconds(20))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> falseIncidents() == incidentsBefore);
            noIncident = true;
        } catch (ConditionTimeoutException e) {
            noIncident = false;
        }
        long falseIncidents = falseIncidents() - incidentsBefore;
        openSearch.refresh("mihari-incidents");
        long probeIncidents = openSearch.count("mihari-incidents", BenchIndices.term("serviceId", probeService));

        report.row("all", "ingest restarts (`" + BenchMetrics.RESTARTS + "` delta over the run)",
                String.format(Locale.ROOT, "**%.0f**", restarts));
        report.row("all", "false alarms: DOWN transitions of fleet targets (every junk record said one of their checks"
                + " failed); incidents opened outside the probe's service, watched " + seconds(watch)
                + " after the flood", "**" + fleetDown + "** DOWN, **" + falseIncidents + "** incidents" + (fleetUnknown
                == 0 ? "" : "; " + fleetUnknown + " UNKNOWN transitions (ingest behind)") + "; the probe's own"
                + " service: " + probeIncidents + " incidents (its flips end within the grouping wait)");
        report.row("all", "alert-service resident memory (VmRSS sampled every second), -Xmx" + heap,
                "max **" + stats.maxRssMb() + " MB** over the run");
        report.note("fleet heartbeats sent: " + count(fleet.sent()) + ", failed: " + count(fleet.failed()));
        assertThat(restarts).as("ingest restarts").isZero();
        assertThat(fleetDown).as("fleet targets made DOWN by junk").isZero();
        assertThat(noIncident && falseIncidents == 0).as("incidents opened by junk: " + falseIncidents).isTrue();
    }

    static final String JUNK_KINDS = "garbage bytes, truncated JSON, tombstones, 900 KB records, unknown types, wrong"
            + " keys, wrong partitions, dated years ahead, dated before the kept days, a registered host under"
            + " another system";

    // ---- helpers ----

    void sendValid(String run, int n, AtomicLong failed) {
        String targetId = fleetIds.get(n % fleetIds.size());
        String host = targetId.substring(targetId.indexOf('/') + 1);
        Event hb = BenchEvents.event(run + n, BenchCatalog.TENANT, host.substring(0, host.lastIndexOf("-h")), host,
                n, new Heartbeat(Math.toIntExact(INTERVAL.toSeconds()), "bench"), clock.instant());
        try {
            junkProducer.send(new ProducerRecord<>(Topics.eventsOf(targetId), targetId, EventCodec.encode(hb)), (m, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            failed.incrementAndGet();
        }
    }

    /** Incidents in {@code mihari-incidents} of any service but the probe's (whose flips are wanted). */
    long falseIncidents() {
        openSearch.refresh("mihari-incidents");
        return openSearch.count("mihari-incidents", "{\"bool\":{\"must_not\":[" + BenchIndices.term("serviceId",
                probeService) + "]}}");
    }

    String fleetTransitionsTo(String status) {
        return "{\"bool\":{\"filter\":[" + BenchIndices.term("scope", "TARGET") + "," + BenchIndices.term("to", status)
                + ",{\"prefix\":{\"targetId\":" + BenchOpenSearch.quote(BenchCatalog.TENANT + "/f") + "}}]}}";
    }

    static String problems(BenchProbe.Window w) {
        String p = w.problems();
        return p.isEmpty() ? "" : "; " + p;
    }

    static String resources(BenchProcessStats.Window w) {
        return String.format(Locale.ROOT, "alert-service CPU %.2f cores, RSS max %d MB; machine %.0f %% busy (%.0f s)",
                w.cores(), w.maxRssMb(), 100 * w.machineBusy(), w.seconds());
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMs) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer());
    }

    /** The defaults this run measures: alert-service's own application.properties, as it is packaged. */
    void readDefaults() throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(repo.resolve("alert-service/src/main/resources/application.properties"),
                StandardCharsets.UTF_8)) {
            p.load(in);
        }
        groupingWait = CatalogLoader.parseDuration(p.getProperty("mihari.incidents.grouping-wait", "30s").trim());
    }
}
