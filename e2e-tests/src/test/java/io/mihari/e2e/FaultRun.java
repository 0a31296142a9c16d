package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mihari.model.event.Topics;
import io.mihari.model.index.IndexTemplates;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.KafkaProcess;
import io.mihari.testsupport.OpenSearchNode;

import java.io.IOException;
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
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * A fault run (issue 18): the whole pipeline — a Kafka broker and an OpenSearch node of its own (child processes it
 * can SIGKILL and start again on the same ports and data), an SMTP server it can stop, one or two packaged
 * alert-service instances, dashboard-api, one real monitor-agent process and a simulated fleet ({@link FaultFleet}) —
 * under a fleet's traffic while a {@link Plan} injects faults and real outages at fixed offsets. {@link FaultCount}
 * then counts what was sent, stored, opened and mailed. Wall clock throughout: the packaged services run on it.
 */
final class FaultRun implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final String AGENT_HOST = "fault-agent-h1";
    static final String AGENT_SYSTEM = "fault-agent";

    /** A real outage: the target sends nothing from {@code at} for {@code length}. */
    record Outage(String name, Duration at, Duration length) {
        String system() {
            return "o-" + name;
        }

        String targetId() {
            return BenchCatalog.TENANT + "/" + system() + "-h1";
        }

        String serviceId() {
            return BenchCatalog.serviceId(system());
        }
    }

    /** A step of the plan: what it does and when (offset from the plan's start). */
    record Step(Duration at, String what, Action action) {
    }

    interface Action {
        void run(FaultRun run) throws Exception;
    }

    /** What a run does: its fleet, its steps and outages, how long it goes on, and alert-service's settings. */
    record Plan(String name, int fleetTargets, int alertInstances, List<Step> steps, List<Outage> outages,
            Duration length, Map<String, String> alertSettings) {
    }

    /** What happened when (wall clock), for the report and for judging which outages fell into which fault. */
    record Happened(Instant at, String what) {
    }

    final Plan plan;
    final Clock clock = Clock.systemUTC();
    final Path repo;
    final Path logs;
    final Path work;
    final String runId;
    KafkaProcess kafka;
    OpenSearchNode openSearchNode;
    BenchOpenSearch openSearch;
    FaultMailbox mailbox;
    BenchLag lag;
    FaultFleet fleet;
    final List<App> alert = new ArrayList<>();
    final List<String> alertReady = new ArrayList<>();
    final List<Map<String, String>> alertConfigs = new ArrayList<>();
    App dashboard;
    App agent;
    HttpServer agentCheckTarget;
    final List<Happened> happened = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Outage → the last heartbeat its target sent before it went silent, and when it was resumed. */
    final Map<Outage, Instant> silencedAfter = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<Outage, Instant> resumedAt = new java.util.concurrent.ConcurrentHashMap<>();
    /** When the SMTP server went down and came back, for the mail figures. */
    final List<Instant[]> smtpDown = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> fleetTargets;
    Instant planStart;
    /** The real agent's spool disk: a tmpfs of its own when running as root (else null: its disk fault is skipped). */
    Path agentDisk;
    /** When the agent's spool disk was full, and when freed again. */
    final List<Instant[]> agentDiskFull = new java.util.concurrent.CopyOnWriteArrayList<>();

    FaultRun(Plan plan) throws IOException {
        this.plan = plan;
        repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        logs = Path.of(System.getProperty("e2e.logs.dir", "target/e2e-logs")).toAbsolutePath().resolve("faults-" + plan.name());
        Files.createDirectories(logs);
        // this run's logs only (a run before it on this machine wrote the same names): what a failure shows is this run's
        try (var old = Files.list(logs)) {
            for (Path f : old.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                Files.deleteIfExists(f);
            }
        }
        work = Files.createTempDirectory("mihari-faults-");
        runId = "f" + Long.toString(System.currentTimeMillis(), 36);
    }

    /** Starts everything and waits until every target of the fleet and the agent is UP. */
    void start() throws Exception {
        openSearchNode = OpenSearchNode.launchOwn();
        kafka = KafkaProcess.start();
        mailbox = new FaultMailbox(clock);
        openSearchNode.awaitReady();
        openSearch = new BenchOpenSearch(openSearchNode.url());
        lag = new BenchLag(kafka.bootstrapServers());

        BenchCatalog catalog = new BenchCatalog();
        fleetTargets = catalog.addServices("g", plan.fleetTargets() / 2, 4, 2);
        for (Outage outage : plan.outages()) {
            catalog.addService(outage.system(), 1);
        }
        catalog.addService(AGENT_SYSTEM, 1);
        Path catalogFile = catalog.write(work.resolve("catalog.yaml"));

        for (int i = 1; i <= plan.alertInstances(); i++) {
            int port = FreePorts.next();
            Map<String, String> config = new LinkedHashMap<>();
            config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
            config.put("mihari.opensearch.url", openSearchNode.url());
            config.put("quarkus.mailer.host", "127.0.0.1");
            config.put("quarkus.mailer.port", Integer.toString(mailbox.smtpPort()));
            config.put("quarkus.mailer.mock", "false");
            config.put("mihari.catalog.path", catalogFile.toString());
            config.put("quarkus.http.port", Integer.toString(port));
            config.putAll(plan.alertSettings());
            alertConfigs.add(config);
            alert.add(App.of("alert-service", "alert-service-" + i, repo, logs, "384m", List.of(), config).start());
            alertReady.add("http://127.0.0.1:" + port + "/q/health/ready");
        }
        for (int i = 0; i < alert.size(); i++) {
            alert.get(i).awaitReady(alertReady.get(i));
        }

        Path users = work.resolve("users.yaml");
        try (var in = FaultRun.class.getResourceAsStream("/e2e-users.yaml")) {
            Files.write(users, in.readAllBytes());
        }
        int dashboardPort = FreePorts.next();
        dashboard = App.of("dashboard-api", repo, logs, "256m", Map.of(
                "mihari.opensearch.url", openSearchNode.url(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "mihari.catalog.path", catalogFile.toString(),
                "mihari.auth.users-file", users.toString(),
                "mihari.auth.token-secret", "an-e2e-secret-of-at-least-32-bytes-length",
                "quarkus.http.port", Integer.toString(dashboardPort))).start();
        dashboard.awaitReady("http://127.0.0.1:" + dashboardPort + "/q/health/ready");

        agentDisk = mountTinyDisk(work.resolve("agent-disk"));
        agentCheckTarget = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agentCheckTarget.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        agentCheckTarget.start();
        agent = App.of("monitor-agent", repo, logs, "128m", Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.config.locations", agentConfig().toString()), "run").start();
        agent.awaitLog("mihari-agent running");

        fleet = new FaultFleet(kafka.bootstrapServers(), clock, runId, INTERVAL);
        fleet.noter(this::note);
        List<String> all = new ArrayList<>(fleetTargets);
        plan.outages().forEach(o -> all.add(o.targetId()));
        fleet.add(all);
        BenchIndices indices = new BenchIndices(openSearch, clock);
        List<String> prefixes = new ArrayList<>();
        prefixes.add(BenchCatalog.TENANT + "/");
        if (!indices.awaitUp(prefixes, all.size() + 1, Duration.ofMinutes(4))) {
            throw new IllegalStateException("the fleet and the agent were not all UP within 4 minutes");
        }
        note("warm-up done: " + (all.size() + 1) + " targets UP");
    }

    private Path agentConfig() throws IOException {
        String y = "mihari:\n  agent:\n    tenant: " + BenchCatalog.TENANT + "\n    system: " + AGENT_SYSTEM
                + "\n    host: " + AGENT_HOST + "\n    heartbeat-interval: 10s\n"
                + "    spool:\n      dir: " + (agentDisk != null ? agentDisk : work).resolve("agent-spool") + "\n"
                + "    checks:\n      - {name: agent-web, kind: HTTP, url: 'http://127.0.0.1:"
                + agentCheckTarget.getAddress().getPort() + "/health', interval: 30s}\n";
        return Files.writeString(work.resolve("agent.yaml"), y, StandardCharsets.UTF_8);
    }

    /**
     * A 2 MiB tmpfs at {@code dir} (the agent's spool disk, which a step fills), or null when this JVM cannot mount
     * one (not root, not Linux): the agent's spool then lives on the ordinary disk and that step is skipped.
     */
    private static Path mountTinyDisk(Path dir) {
        if (!System.getProperty("os.name").startsWith("Linux")
                || new com.sun.security.auth.module.UnixSystem().getUid() != 0) {
            return null;
        }
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            boolean done = p.waitFor(30, TimeUnit.SECONDS);
            return done && p.exitValue() == 0 ? dir : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Runs the plan: every step and every outage's start and end at its offset (one thread, in order of time; a
     * step that waits — a restart — delays the ones after it), then waits until the plan's length has passed.
     */
    void runPlan() {
        List<Step> steps = new ArrayList<>(plan.steps());
        steps.sort(Comparator.comparing(Step::at));
        ScheduledExecutorService director = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "fault-plan"));
        // outages on a thread of their own, each ending its length after it really began: a fault's restart that
        // blocks the plan's thread (OpenSearch takes up to 3 minutes) must not move or shorten them
        ScheduledExecutorService outages = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "fault-outages"));
        AtomicReference<Throwable> failed = new AtomicReference<>();
        planStart = clock.instant();
        note("plan " + plan.name() + " starts");
        List<ScheduledFuture<?>> scheduled = new ArrayList<>();
        java.util.concurrent.CountDownLatch outagesOver = new java.util.concurrent.CountDownLatch(plan.outages().size());
        for (Outage outage : plan.outages()) {
            outages.schedule(() -> {
                note("outage " + outage.name() + " begins (" + outage.targetId() + ")");
                silencedAfter.put(outage, fleet.silence(outage.targetId()));
                outages.schedule(() -> {
                    fleet.resume(outage.targetId());
                    resumedAt.put(outage, clock.instant());
                    note("outage " + outage.name() + " ends");
                    outagesOver.countDown();
                }, outage.length().toMillis(), TimeUnit.MILLISECONDS);
            }, outage.at().toMillis(), TimeUnit.MILLISECONDS);
        }
        for (Step step : steps) {
            scheduled.add(director.schedule(() -> {
                try {
                    note(step.what());
                    step.action().run(this);
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                    note("FAILED: " + step.what() + ": " + e);
                }
            }, step.at().toMillis(), TimeUnit.MILLISECONDS));
        }
        Instant end = planStart.plus(plan.length());
        await("plan " + plan.name()).atMost(plan.length().plusMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> failed.get() != null || (scheduled.stream().allMatch(ScheduledFuture::isDone)
                        && outagesOver.getCount() == 0 && !clock.instant().isBefore(end)));
        director.shutdownNow();
        outages.shutdownNow();
        if (failed.get() != null) {
            throw new IllegalStateException("a step of the plan failed", failed.get());
        }
        note("plan " + plan.name() + " ends");
    }

    /**
     * After the plan: waits until the fleet has nothing in flight, every consumer group has caught up and the
     * outbox has nothing left to send — each with its own limit; what did not settle is noted (the count then
     * shows what is missing).
     */
    void settle() {
        Instant from = clock.instant();
        fleet.cut();
        note("the count's cut: the fleet's events from now on are not counted (it goes on sending)");
        settleStep("the fleet's events acknowledged", Duration.ofMinutes(6), () -> fleet.inFlightBeforeCut() == 0);
        settleStep("every consumer group caught up", Duration.ofMinutes(5), () -> lag.total() == 0);
        int targets = fleetTargets.size() + plan.outages().size() + 1;
        settleStep("every target UP again", Duration.ofMinutes(3), () -> openSearch.count("mihari-targets",
                "{\"term\":{\"status\":\"UP\"}}") >= targets);
        settleStep("the outbox sent everything", Duration.ofMinutes(15), () -> openSearch.count(
                IndexTemplates.OUTBOX, "{\"term\":{\"status\":\"PENDING\"}}") == 0);
        settleStep("every consumer group caught up again", Duration.ofMinutes(2), () -> lag.total() == 0);
        // the SLA record learns a mail's sending instant after the outbox recorded it SENT (on its own thread)
        settleStep("every sent first report on its incident's record", Duration.ofMinutes(1), () -> openSearch.count(
                IndexTemplates.INCIDENTS, "{\"bool\":{\"must_not\":{\"exists\":{\"field\":\"sla.firstReport.sentAt\"}}}}") == 0);
        note("settled in " + Duration.between(from, clock.instant()).toSeconds() + " s");
    }

    private void settleStep(String what, Duration atMost, java.util.function.BooleanSupplier done) {
        Instant from = clock.instant();
        boolean ok = BenchIndices.awaitQuietly(what, atMost, Duration.ofSeconds(1), done);
        note((ok ? "" : "NOT SETTLED: ") + what + " after " + Duration.between(from, clock.instant()).toSeconds() + " s");
    }

    /**
     * What the alert-service instances logged about their ingest horizon (stalls, jumps, blindness, partitions) and
     * their first judgements of a target DOWN: why a deadline was judged when it was, for a failed run's message.
     */
    List<String> horizonLines() {
        java.util.regex.Pattern horizon = java.util.regex.Pattern.compile("ingest saw nothing new|horizon jumped"
                + "|has caught up|has not seen the event topic|watching partitions|handed over|were not watched");
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(logs)) {
            for (Path log : files.filter(f -> f.getFileName().toString().startsWith("alert-service")).sorted().toList()) {
                int downs = 0;
                // bytes that are not UTF-8 become U+FFFD instead of failing the read
                String text = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8);
                for (String line : text.split("\n")) {
                    if (lines.size() >= 60) {
                        lines.add("… (more in " + log + ")");
                        break;
                    }
                    boolean down = line.contains("-> DOWN at") && downs < 8;
                    if (horizon.matcher(line).find() || down) {
                        lines.add(log.getFileName() + ": " + (line.length() > 300 ? line.substring(0, 300) : line));
                        downs += down ? 1 : 0;
                    }
                }
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            lines.add("cannot read the logs: " + e);
        }
        return lines;
    }

    void note(String what) {
        Happened h = new Happened(clock.instant(), what);
        happened.add(h);
        System.out.println("[faults] " + h.at() + " " + what);
    }

    // ---- the faults ----

    static Step killKafka(Duration at, Duration down) {
        return new Step(at, "Kafka SIGKILLed (down " + down.toSeconds() + " s)", r -> r.kafka.kill());
    }

    static Step restartKafka(Duration at) {
        return new Step(at, "Kafka started again", r -> {
            r.kafka.startAgain();
            r.note("Kafka answers");
        });
    }

    static Step killOpenSearch(Duration at) {
        return new Step(at, "OpenSearch SIGKILLed", r -> r.openSearchNode.kill());
    }

    static Step restartOpenSearch(Duration at) {
        return new Step(at, "OpenSearch started again", r -> {
            r.openSearchNode.startAgain();
            r.openSearchNode.awaitReady();
            r.note("OpenSearch answers");
        });
    }

    /** OpenSearch's flood stage as a full disk sets it: every index read-only (deletes allowed). */
    static Step floodStage(Duration at) {
        return new Step(at, "OpenSearch flood stage: every index read-only-allow-delete", r -> r.openSearch.put(
                "/_all/_settings", "{\"index.blocks.read_only_allow_delete\":true}"));
    }

    static Step floodStageOver(Duration at) {
        return new Step(at, "OpenSearch flood stage over: block removed", r -> r.openSearch.put(
                "/_all/_settings", "{\"index.blocks.read_only_allow_delete\":null}"));
    }

    static Step killAlertService(Duration at, int instance) {
        return new Step(at, "alert-service-" + instance + " SIGKILLed", r -> r.alert.get(instance - 1).kill());
    }

    static Step restartAlertService(Duration at, int instance) {
        return new Step(at, "alert-service-" + instance + " started again", r -> {
            r.alert.get(instance - 1).start().awaitReady(r.alertReady.get(instance - 1));
            r.note("alert-service-" + instance + " ready");
        });
    }

    /**
     * The wall clocks of {@code count} fleet targets (from the {@code from}-th) jump by {@code skew} (an operator or NTP
     * moving them; 0 sets them right): their events are dated that far off from then on.
     */
    static Step clockJump(Duration at, int from, int count, Duration skew) {
        return new Step(at, count + " fleet agents' clocks " + (skew.isZero() ? "set right"
                : (skew.isNegative() ? "jump back " : "jump ahead ") + skew.abs().toMinutes() + " min"),
                r -> r.fleet.skew(r.fleetTargets.subList(from, from + count), skew));
    }

    /** Another program fills the real agent's spool disk (a file takes every free byte); skipped without a tmpfs. */
    static Step agentDiskFull(Duration at) {
        return new Step(at, "the real agent's spool disk full", r -> {
            if (r.agentDisk == null) {
                r.note("skipped: no tmpfs for the agent's spool (needs root on Linux)");
                return;
            }
            r.agentDiskFull.add(new Instant[] {r.clock.instant(), null});
            try (var out = Files.newOutputStream(r.agentDisk.resolve("filler"))) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                }
            } catch (IOException full) {
                r.note("the agent's spool disk has no byte left (" + full.getMessage() + ")");
            }
        });
    }

    static Step agentDiskFreed(Duration at) {
        return new Step(at, "the real agent's spool disk freed", r -> {
            if (r.agentDisk != null && !r.agentDiskFull.isEmpty()) {
                Files.deleteIfExists(r.agentDisk.resolve("filler"));
                r.agentDiskFull.get(r.agentDiskFull.size() - 1)[1] = r.clock.instant();
            }
        });
    }

    static Step smtpDown(Duration at) {
        return new Step(at, "SMTP server down", r -> {
            r.mailbox.stop();
            r.smtpDown.add(new Instant[] {r.clock.instant(), null});
        });
    }

    static Step smtpUp(Duration at) {
        return new Step(at, "SMTP server up", r -> {
            r.mailbox.start();
            r.smtpDown.get(r.smtpDown.size() - 1)[1] = r.clock.instant();
        });
    }

    /** The topic alert-service dead-letters events to: records ever written (0 when it does not exist). */
    long deadLetters() {
        try {
            return lag.endOffsets(Topics.EVENTS_DLQ);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    JsonNode search(String index, String body) {
        return openSearch.post("/" + index + "/_search", body);
    }

    static String eventsIndices() {
        return IndexTemplates.EVENTS_PREFIX + "*";
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {fleet, agent, dashboard, lag}) {
            closeQuietly(c);
        }
        for (App app : alert) {
            closeQuietly(app);
        }
        if (agentCheckTarget != null) {
            agentCheckTarget.stop(0);
        }
        if (agentDisk != null) {
            new ProcessBuilder("umount", "-l", agentDisk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : new AutoCloseable[] {mailbox, kafka, openSearchNode}) {
            closeQuietly(c);
        }
        try (var files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("[faults] closing " + c.getClass().getSimpleName() + " failed: " + e);
        }
    }
}
