package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.MihariInfra;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.mihari.e2e.BenchIndices.awaitQuietly;
import static io.mihari.e2e.BenchIndices.secondsBetween;
import static io.mihari.e2e.BenchOpenSearch.quote;
import static io.mihari.e2e.BenchReport.seconds;
import static io.mihari.e2e.BenchReport.spread;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kill → mail latency ({@code bench/mail-latency.sh}; excluded from {@code ./mvnw verify} by its tag). Real Kafka and
 * OpenSearch from test-support, an SMTP server in this JVM that notes the instant it accepts each mail
 * ({@link BenchMailbox}), the packaged alert-service and the packaged monitor-agent as child processes.
 *
 * <p>Each setup is its own alert-service start with its own catalog, and runs every trial at once, one service per
 * trial, each killed at a random phase:
 * <ul>
 *   <li><b>HTTP</b>: a JDK HTTP server per trial, checked by one real monitor-agent (a check per trial, reported for
 *       the trial's target with {@code target}/{@code target-system}); the benchmark stops the server;</li>
 *   <li><b>silent</b>: heartbeats sent by this benchmark in the agent's wire format ({@link BenchFleet}); the
 *       benchmark stops a trial's heartbeats.</li>
 * </ul>
 * Setups: <b>matched</b> (10 s HTTP checks, DOWN on the first failure, grouping wait 0, heartbeats 10 s × 3 missed)
 * and <b>as shipped</b> (nothing set: the agent's, the sample catalog's and alert-service's defaults of the checkout
 * it runs on). Every stage is read back from the stored documents (public contract only: index names and fields).
 */
@Tag("benchmark")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailLatencyBenchmarkTest {

    /** Trials per kind (HTTP, silent) and setup. */
    final int trials = Integer.getInteger("bench.mail.trials", 20);
    /** Seed of the kill phases (printed, so a run can be repeated). */
    final long seed = Long.getLong("bench.mail.seed", System.nanoTime());
    final String heap = System.getProperty("bench.alert.heap", "256m");
    /**
     * Over how many intervals the kills of one kind are spread (1: all within one interval, so n trials cost one
     * interval; more: fewer incidents at once in alert-service, at that many intervals' cost).
     */
    final int spreadIntervals = Integer.getInteger("bench.mail.spread-intervals", 1);
    /** Which setups run: matched, shipped or both. */
    final List<String> setups = List.of(System.getProperty("bench.mail.setups", "matched,shipped").split(","));

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final Clock clock = Clock.systemUTC();
    Path repo;
    Path logs;
    Path work;
    BenchReport report;
    BenchOpenSearch openSearch;
    BenchIndices indices;
    BenchMailbox mailbox;
    Map<String, String> infra;
    KafkaProducer<String, byte[]> producer;
    Random random;
    final List<AutoCloseable> running = new ArrayList<>();

    /** One trial: a service with one critical target, killed once. */
    static final class Trial {
        final boolean http;
        final String targetId;
        final String serviceId;
        HttpServer server;
        volatile Instant killedAt;
        volatile Instant lastSent;
        volatile String incidentId;
        Instant sentAt;
        final Map<String, Double> stages = new LinkedHashMap<>();

        Trial(boolean http, String targetId) {
            this.http = http;
            this.targetId = targetId;
            this.serviceId = BenchCatalog.serviceOfTarget(targetId);
        }

        String host() {
            return targetId.substring(targetId.indexOf('/') + 1);
        }

        String system() {
            return host().substring(0, host().lastIndexOf("-h"));
        }
    }

    /** What one setup sets; null means "as shipped" (not set). */
    record Setup(String name, String prefix, String title, Duration checkInterval, Integer failuresToDown,
                 Duration groupingWait, Integer missedHeartbeats, Duration heartbeat) {
    }

    @BeforeAll
    void start() throws Exception {
        repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        logs = Path.of(System.getProperty("e2e.logs.dir", "target/e2e-logs")).toAbsolutePath().resolve("bench-mail");
        report = new BenchReport(logs.resolve("results.md"));
        random = new Random(seed);
        report.head("### Kill → mail latency, " + BenchReport.machine(clock));
        report.columns("setup", "stage", "HTTP server stopped", "silent server (heartbeats stop)");
        report.head("");
        report.head("Command: `bench/mail-latency.sh` (" + trials + " HTTP + " + trials + " silent trials per setup, all"
                + " at once" + (spreadIntervals > 1 ? " spread over " + spreadIntervals + " intervals" : "")
                + ", kill phases seed " + seed + "); Kafka in the benchmark's JVM, OpenSearch and the packaged"
                + " alert-service (-Xmx" + heap + ") and monitor-agent as processes on the same machine; SMTP: GreenMail"
                + " in the benchmark's JVM, the acceptance instant taken in its delivery handler. Commit "
                + git("rev-parse", "--short", "HEAD") + ".");
        infra = MihariInfra.serviceConfig();
        openSearch = new BenchOpenSearch(infra.get("mihari.opensearch.url"));
        indices = new BenchIndices(openSearch, clock);
        mailbox = new BenchMailbox(clock);
        producer = IngestBenchmarkTest.producer(infra.get("kafka.bootstrap.servers"), 0);
        work = Files.createTempDirectory("mihari-bench-mail-");
    }

    @AfterAll
    void stop() throws Exception {
        closeRunning();
        for (AutoCloseable c : new AutoCloseable[] {producer, mailbox}) {
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

    @Test
    @Order(1)
    void matched() throws Exception {
        if (!setups.contains("matched")) {
            return;
        }
        run(new Setup("matched", "m", "10 s HTTP check, DOWN on the first failure, grouping wait 0; heartbeats 10 s × 3"
                + " missed", Duration.ofSeconds(10), 1, Duration.ZERO, 3, Duration.ofSeconds(10)));
    }

    @Test
    @Order(2)
    void asShipped() throws Exception {
        if (!setups.contains("shipped")) {
            return;
        }
        run(new Setup("as shipped", "d", "nothing set: the defaults of this checkout (agent, sample catalog,"
                + " alert-service)", null, null, null, null, null));
    }

    void run(Setup setup) throws Exception {
        // ---- what this setup runs with ----
        Shipped shipped = Shipped.read(repo);
        Duration heartbeat = setup.heartbeat() != null ? setup.heartbeat() : shipped.agentHeartbeat();
        int missed = setup.missedHeartbeats() != null ? setup.missedHeartbeats() : shipped.missedHeartbeats();
        // every trial's server is critical: with open-at-once-when-critical (the default since issue 15) its incident
        // opens at detection, so the rule's own instant has no grouping wait in it
        Duration grouping = setup.groupingWait() != null ? setup.groupingWait()
                : shipped.openAtOnceWhenCritical() ? Duration.ZERO : shipped.groupingWait();

        BenchCatalog catalog = new BenchCatalog();
        List<String> httpTargets = catalog.addServices(setup.prefix() + "h", trials, 2, 1);
        List<String> silentTargets = catalog.addServices(setup.prefix() + "s", trials, 2, 1);
        if (setup.failuresToDown() != null) {
            catalog.checks(httpTargets, setup.failuresToDown(), 1);
        } else {
            catalog.defaults(shipped.catalogDefaults());
        }
        Path dir = Files.createDirectories(work.resolve(setup.prefix()));
        Path catalogFile = catalog.write(dir.resolve("catalog.yaml"));
        List<Trial> all = new ArrayList<>();
        httpTargets.forEach(t -> all.add(new Trial(true, t)));
        silentTargets.forEach(t -> all.add(new Trial(false, t)));

        for (Trial t : all) {
            if (t.http) {
                t.server = healthyServer();
                running.add(() -> t.server.stop(0));
            }
        }

        // ---- alert-service, agent, heartbeats ----
        Map<String, String> config = new LinkedHashMap<>(infra);
        int port = FreePorts.next();
        config.put("mihari.catalog.path", catalogFile.toString());
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(mailbox.smtpPort()));
        if (setup.groupingWait() != null) {
            config.put("mihari.incidents.grouping-wait", setup.groupingWait().toMillis() + "ms");
        }
        if (setup.missedHeartbeats() != null) {
            config.put("mihari.liveness.missed-heartbeats", Integer.toString(setup.missedHeartbeats()));
        }
        App alert = App.of("alert-service", repo, logs, heap, config).start();
        running.add(alert);
        alert.awaitReady("http://127.0.0.1:" + port + "/q/health/ready");

        Path agentYaml = agentConfig(dir, setup, all);
        App agent = App.of("monitor-agent", repo, logs, "128m", Map.of(
                "kafka.bootstrap.servers", infra.get("kafka.bootstrap.servers"),
                "quarkus.config.locations", agentYaml.toString()), "run").start();
        running.add(agent);
        agent.awaitLog("mihari-agent running");

        BenchFleet fleet = new BenchFleet(producer, clock, heartbeat);
        running.add(fleet);
        fleet.add(silentTargets);

        boolean up = indices.awaitUp(List.of("bench/" + setup.prefix()), all.size(), heartbeat.plusSeconds(90));
        assertThat(up).as("every trial target UP before the kills\n" + alert.tail()).isTrue();
        // two passing checks of every HTTP trial stored: the checks run, and their interval is known
        Map<String, Duration> intervals = new LinkedHashMap<>();
        awaitQuietly("two passing checks per HTTP trial", Duration.ofMinutes(3), Duration.ofSeconds(1), () -> {
            for (Trial t : all) {
                if (t.http && !intervals.containsKey(t.targetId)) {
                    List<JsonNode> passing = events(t.targetId, "CHECK_RESULT", "UP", "desc", 2);
                    if (passing.size() == 2) {
                        intervals.put(t.targetId, Duration.between(at(passing.get(1), "occurredAt"),
                                at(passing.get(0), "occurredAt")));
                    }
                }
            }
            return intervals.size() == trials;
        });
        Duration checkInterval = setup.checkInterval() != null ? setup.checkInterval()
                : median(intervals.values().stream().toList()).orElse(Duration.ofSeconds(30));

        // ---- the kills, each at a random phase of its interval ----
        ScheduledExecutorService killer = Executors.newScheduledThreadPool(2, r -> {
            Thread th = new Thread(r, "bench-kill");
            th.setDaemon(true);
            return th;
        });
        try {
            for (int i = 0; i < all.size(); i++) {
                Trial t = all.get(i);
                long periodMs = (t.http ? checkInterval : heartbeat).toMillis();
                long offset = (long) (random.nextDouble() * periodMs) + (i % spreadIntervals) * periodMs;
                killer.schedule(() -> kill(t, fleet), offset, TimeUnit.MILLISECONDS);
            }
            Duration bound = max(checkInterval.multipliedBy(5 + spreadIntervals),
                    heartbeat.multipliedBy(missed + 2 + spreadIntervals))
                    .plus(grouping).plusSeconds(90);
            awaitQuietly("a mail of every trial's incident", bound, Duration.ofMillis(500),
                    () -> all.stream().allMatch(t -> t.killedAt != null && mailed(t)));
        } finally {
            killer.shutdownNow();
        }
        agent.close();
        fleet.close();

        // ---- stages, from the stored documents ----
        openSearch.refresh("mihari-*");
        for (Trial t : all) {
            if (t.killedAt != null) {
                collect(t, missed, heartbeat, grouping);
            }
        }
        alert.close();
        closeRunning();

        // ---- the report ----
        List<Trial> http = all.stream().filter(t -> t.http).toList();
        List<Trial> silent = all.stream().filter(t -> !t.http).toList();
        String observedFailures = median(http, "failures").map(f -> String.format(Locale.ROOT, "%.0f", f)).orElse("?");
        String observedGrouping = median(all, "grouping").map(BenchReport::seconds).orElse("?");
        report.note("**" + setup.name() + "** (" + setup.title() + "): HTTP check every " + seconds(checkInterval)
                + (setup.checkInterval() == null ? " (measured between stored checks)" : "") + ", failing checks to DOWN "
                + observedFailures + " (observed), heartbeats every " + seconds(heartbeat) + " × " + missed + " missed,"
                + " grouping wait " + seconds(grouping) + " (observed detectedAt → openedAt " + observedGrouping + ")"
                + (setup.checkInterval() == null ? "; defaults read from " + shipped.source() : ""));
        String s = setup.name();
        String[][] rows = {
                {"kill → first failing check `occurredAt`", "killToFirstFail", null},
                {"first failing → deciding check `occurredAt`", "firstToDeciding", null},
                {"kill → last heartbeat's deadline (its `receivedAt` + missed × interval)", null, "killToDeadline"},
                {"deciding check `occurredAt` → its `receivedAt`", "decidingReceived", null},
                {"check `receivedAt` / heartbeat deadline → target DOWN `detectedAt` (mihari-status)", "receivedToDown",
                        "deadlineToDown"},
                {"target DOWN `detectedAt` → incident `openedAt`", "downToOpened", "downToOpened"},
                {"`openedAt` → first mail queued (outbox `createdAt`)", "openedToQueued", "openedToQueued"},
                {"queued → accepted (outbox `sentAt`)", "queuedToSent", "queuedToSent"},
                {"outbox `sentAt` → in GreenMail (negative: GreenMail had it first)", "sentToSmtp", "sentToSmtp"},
                {"**kill → mail accepted by the SMTP server**", "killToSmtp", "killToSmtp"},
                {"**rule's own instant → mail accepted by the SMTP server**", "ruleToSmtp", "ruleToSmtp"},
                {"rule's own instant → outbox `sentAt`", "ruleToSent", "ruleToSent"},
        };
        for (String[] row : rows) {
            report.row(s, row[0], cell(http, row[1]) + " | " + cell(silent, row[2]));
        }
        // trials run at once share one outbox: how far apart it accepted consecutive mails of this setup
        List<Instant> sentAts = all.stream().map(t -> t.sentAt).filter(java.util.Objects::nonNull).sorted().toList();
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < sentAts.size(); i++) {
            double gap = secondsBetween(sentAts.get(i - 1), sentAts.get(i));
            if (gap < 2) {
                gaps.add(gap);
            }
        }
        report.note(s + ": " + sentAts.size() + " first mails; gaps between consecutive outbox `sentAt`s under 2 s"
                + " (mails sent one after another): " + spread(gaps) + " — a trial's queued → accepted includes the"
                + " mails of other trials ahead of it");
        long missing = all.stream().filter(t -> !t.stages.containsKey("killToSmtp")).count();
        if (missing > 0) {
            report.note(s + ": " + missing + " of " + all.size() + " trials without a mail in the SMTP server within the"
                    + " wait (left out of the figures)");
        }
        assertThat(missing).as("trials without mail").isZero();
    }

    // ---- one trial ----

    void kill(Trial t, BenchFleet fleet) {
        if (t.http) {
            t.killedAt = clock.instant();
            t.server.stop(0);
        } else {
            t.killedAt = clock.instant();
            t.lastSent = fleet.silence(List.of(t.targetId)).get(t.targetId);
        }
    }

    boolean mailed(Trial t) {
        if (t.incidentId == null) {
            t.incidentId = incidentId(t);
        }
        return t.incidentId != null && mailbox.firstMail(t.incidentId) != null;
    }

    String incidentId(Trial t) {
        JsonNode incident = first("mihari-incidents", "{\"term\":{\"serviceId\":" + quote(t.serviceId) + "}}",
                "openedAt", "asc");
        return incident == null ? null : incident.path("id").asText(null);
    }

    void collect(Trial t, int missed, Duration heartbeat, Duration grouping) {
        Instant killed = t.killedAt;
        JsonNode down = first("mihari-status", "{\"bool\":{\"filter\":[{\"term\":{\"targetId\":" + quote(t.targetId)
                + "}},{\"term\":{\"to\":\"DOWN\"}}]}}", "detectedAt", "asc");
        JsonNode incident = first("mihari-incidents", "{\"term\":{\"serviceId\":" + quote(t.serviceId) + "}}",
                "openedAt", "asc");
        String incidentId = incident == null ? null : incident.path("id").asText(null);
        JsonNode mail = incidentId == null ? null : first("mihari-outbox", "{\"bool\":{\"filter\":[{\"term\":"
                + "{\"incidentId\":" + quote(incidentId) + "}},{\"exists\":{\"field\":\"sentAt\"}}]}}", "sentAt", "asc");
        Instant detected = at(down, "detectedAt");
        Instant opened = at(incident, "openedAt");
        Instant queued = at(mail, "createdAt");
        Instant sent = at(mail, "sentAt");
        Instant smtp = incidentId == null ? null : mailbox.firstMail(incidentId);
        t.sentAt = sent;
        Instant rule;
        if (t.http) {
            List<JsonNode> failing = events(t.targetId, "CHECK_RESULT", "DOWN", "asc", 100);
            Instant firstFail = failing.isEmpty() ? null : at(failing.get(0), "occurredAt");
            // the deciding check: the last failing one alert-service had received when it detected the DOWN (the
            // transition's `at` is the outage's start, the first failure of the run, not the deciding one)
            JsonNode deciding = null;
            int failures = 0;
            for (JsonNode e : failing) {
                Instant received = at(e, "receivedAt");
                if (detected != null && received != null && !received.isAfter(detected)) {
                    deciding = e;
                    failures++;
                }
            }
            Instant decidingAt = at(deciding, "occurredAt");
            Instant received = at(deciding, "receivedAt");
            put(t, "killToFirstFail", killed, firstFail);
            put(t, "firstToDeciding", firstFail, decidingAt);
            put(t, "decidingReceived", decidingAt, received);
            put(t, "receivedToDown", received, detected);
            if (deciding != null) {
                t.stages.put("failures", (double) failures);
            }
            rule = decidingAt;
        } else {
            List<JsonNode> last = events(t.targetId, "HEARTBEAT", null, "desc", 1);
            Instant lastReceived = last.isEmpty() ? null : at(last.get(0), "receivedAt");
            Instant deadline = lastReceived == null ? null : lastReceived.plus(heartbeat.multipliedBy(missed));
            put(t, "killToDeadline", killed, deadline);
            put(t, "deadlineToDown", deadline, detected);
            rule = deadline == null ? null : deadline.plus(grouping);
        }
        put(t, "downToOpened", detected, opened);
        put(t, "grouping", at(incident, "detectedAt"), opened);
        put(t, "openedToQueued", opened, queued);
        put(t, "queuedToSent", queued, sent);
        put(t, "sentToSmtp", sent, smtp);
        put(t, "killToSmtp", killed, smtp);
        put(t, "ruleToSmtp", rule, smtp);
        put(t, "ruleToSent", rule, sent);
    }

    static void put(Trial t, String stage, Instant from, Instant to) {
        if (from != null && to != null) {
            t.stages.put(stage, secondsBetween(from, to));
        }
    }

    // ---- reading the indices ----

    /** Events of a target of one type (and check status), by {@code occurredAt}. */
    List<JsonNode> events(String targetId, String type, String checkStatus, String order, int size) {
        String filter = "{\"term\":{\"targetId\":" + quote(targetId) + "}},{\"term\":{\"type\":" + quote(type) + "}}"
                + (checkStatus == null ? "" : ",{\"term\":{\"check.status\":" + quote(checkStatus) + "}}");
        JsonNode hits = openSearch.post("/mihari-events-*/_search?allow_no_indices=true&ignore_unavailable=true",
                "{\"size\":" + size + ",\"query\":{\"bool\":{\"filter\":[" + filter + "]}},\"sort\":[{\"occurredAt\":"
                        + quote(order) + "}]}").path("hits").path("hits");
        List<JsonNode> out = new ArrayList<>();
        hits.forEach(h -> out.add(h.path("_source")));
        return out;
    }

    /** The first document of an index matching {@code query} by {@code sortField}, or null. */
    JsonNode first(String index, String query, String sortField, String order) {
        JsonNode hits = openSearch.post("/" + index + "/_search?allow_no_indices=true&ignore_unavailable=true",
                "{\"size\":1,\"query\":" + query + ",\"sort\":[{" + quote(sortField) + ":{\"order\":" + quote(order)
                        + ",\"unmapped_type\":\"date\"}}]}").path("hits").path("hits");
        return hits.isArray() && hits.size() > 0 ? hits.get(0).path("_source") : null;
    }

    static Instant at(JsonNode doc, String field) {
        return doc == null ? null : BenchOpenSearch.instant(doc.path(field));
    }

    // ---- the pieces a setup starts ----

    /** A JDK HTTP server on a free port of 127.0.0.1 answering {@code /health} with 200 OK. */
    static HttpServer healthyServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/health", exchange -> {
            byte[] body = "OK".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    /**
     * The agent's YAML: one HTTP check per HTTP trial, reported for the trial's target; interval and heartbeat only
     * when the setup sets them (otherwise the agent's defaults apply).
     */
    Path agentConfig(Path dir, Setup setup, List<Trial> all) throws IOException {
        StringBuilder y = new StringBuilder();
        y.append("mihari:\n  agent:\n    tenant: ").append(BenchCatalog.TENANT).append("\n    system: bench-agent\n")
                .append("    host: mailbench-").append(setup.prefix()).append("\n");
        if (setup.heartbeat() != null) {
            y.append("    heartbeat-interval: ").append(setup.heartbeat().toSeconds()).append("s\n");
        }
        y.append("    resources:\n      enabled: false\n");
        y.append("    spool:\n      dir: ").append(dir.resolve("agent-spool")).append("\n");
        y.append("    checks:\n");
        for (Trial t : all) {
            if (t.http) {
                y.append("      - {name: ").append(t.system()).append("-web, kind: HTTP, url: 'http://127.0.0.1:")
                        .append(t.server.getAddress().getPort()).append("/health', target: ").append(t.targetId)
                        .append(", target-system: ").append(t.system())
                        .append(setup.checkInterval() == null ? "" : ", interval: " + setup.checkInterval().toSeconds() + "s")
                        .append("}\n");
            }
        }
        return Files.writeString(dir.resolve("agent.yaml"), y, StandardCharsets.UTF_8);
    }

    void closeRunning() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("[bench] closing failed: " + e);
            }
        }
        running.clear();
    }

    // ---- figures ----

    static String cell(List<Trial> trials, String stage) {
        if (stage == null) {
            return "—";
        }
        return spread(trials.stream().filter(t -> t.stages.containsKey(stage)).map(t -> t.stages.get(stage)).toList());
    }

    static java.util.Optional<Double> median(List<Trial> trials, String stage) {
        List<Double> v = trials.stream().filter(t -> t.stages.containsKey(stage)).map(t -> t.stages.get(stage)).toList();
        return v.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(BenchReport.percentile(v, 50));
    }

    static java.util.Optional<Duration> median(List<Duration> values) {
        return values.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(values.stream().sorted().toList().get((values.size() - 1) / 2));
    }

    static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    String git(String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /**
     * The defaults of this checkout, read from the shipped files (never written here: other changes move them): the
     * agent's heartbeat interval (monitor-agent's application.properties, else its AgentConfig default), alert-service's
     * missed heartbeats and grouping wait (its application.properties, else the AlertConfig default), and the sample
     * catalog's {@code defaults:} section.
     */
    record Shipped(Duration agentHeartbeat, int missedHeartbeats, Duration groupingWait,
                   boolean openAtOnceWhenCritical, String catalogDefaults, String source) {

        static Shipped read(Path repo) throws IOException {
            Properties alert = properties(repo.resolve("alert-service/src/main/resources/application.properties"));
            Properties agent = properties(repo.resolve("monitor-agent/src/main/resources/application.properties"));
            String alertConfig = Files.readString(repo.resolve(
                    "alert-service/src/main/java/io/mihari/alert/config/AlertConfig.java"));
            String agentConfig = Files.readString(repo.resolve(
                    "monitor-agent/src/main/java/io/mihari/agent/config/AgentConfig.java"));
            Duration heartbeat = CatalogLoader.parseDuration(value(agent, "mihari.agent.heartbeat-interval",
                    agentConfig, "heartbeatInterval"));
            int missed = Integer.parseInt(value(alert, "mihari.liveness.missed-heartbeats", alertConfig,
                    "missedHeartbeats"));
            Duration grouping = CatalogLoader.parseDuration(value(alert, "mihari.incidents.grouping-wait", alertConfig,
                    "groupingWait"));
            // a key this checkout does not know yet (before issue 15) means the old behaviour: always the wait
            boolean openAtOnce = alertConfig.contains("openAtOnceWhenCritical") && Boolean.parseBoolean(value(alert,
                    "mihari.incidents.open-at-once-when-critical", alertConfig, "openAtOnceWhenCritical"));
            JsonNode defaults = YAML.readTree(repo.resolve("deploy/catalog/sample-catalog.yaml").toFile())
                    .path("defaults").deepCopy();
            if (defaults instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                // the sample's responsible parties, which the generated catalog does not list
                o.remove(List.of("cloudProvider", "carrier"));
            }
            return new Shipped(heartbeat, missed, grouping, openAtOnce, BenchOpenSearch.JSON.writeValueAsString(defaults),
                    "monitor-agent's and alert-service's application.properties (else their config interfaces'"
                            + " defaults) and the `defaults:` of deploy/catalog/sample-catalog.yaml (but its parties); HTTP checks with"
                            + " neither interval nor policy set");
        }

        private static Properties properties(Path file) throws IOException {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            return p;
        }

        /** The key's value in the properties, else the {@code @WithDefault} of the config method of that name. */
        private static String value(Properties p, String key, String configSource, String method) {
            String v = p.getProperty(key);
            if (v != null) {
                return v.trim();
            }
            Matcher m = Pattern.compile("@WithDefault\\(\"([^\"]*)\"\\)\\s*\\S+\\s+" + method + "\\(\\)")
                    .matcher(configSource);
            if (!m.find()) {
                throw new IllegalStateException("no shipped value of " + key + " (nor a default of " + method + "())");
            }
            return m.group(1);
        }
    }
}
