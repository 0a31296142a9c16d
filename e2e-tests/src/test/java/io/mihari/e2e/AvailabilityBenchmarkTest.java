package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.model.index.IndexTemplates;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.MihariInfra;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monthly availability of every service through the packaged dashboard-api, with 1,000 and 10,000 targets'
 * transitions in OpenSearch (goal: p50 ≤ 100 ms at 1,000, p95 ≤ 500 ms at 10,000). Baseline in the same run: reading
 * the same month's transitions straight from OpenSearch (search_after pages of 5,000), the floor any computation
 * over them pays. Run by bench/availability.sh; left out of ./mvnw verify.
 */
@Tag("benchmark")
class AvailabilityBenchmarkTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final int TARGETS_PER_SERVICE = 10;
    static final int OUTAGES = Integer.getInteger("bench.availability.outages", 5);
    static final int ROUNDS = Integer.getInteger("bench.availability.rounds", 20);
    static final String MONTH = "2026-10";
    final Clock clock = Clock.systemUTC();

    @Test
    void monthlyAvailabilityOfAllServices() throws Exception {
        Path repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        Path logs = Path.of(System.getProperty("e2e.logs.dir", "target/e2e-logs")).resolve("bench-availability");
        Files.createDirectories(logs);
        Map<String, String> infra = MihariInfra.serviceConfig();
        BenchOpenSearch os = new BenchOpenSearch(infra.get("mihari.opensearch.url"));
        for (IndexTemplates.Template template : IndexTemplates.ALL) {
            os.put("/_index_template/" + template.name(), template.json());
        }
        BenchReport report = new BenchReport(logs.resolve("results.md"));
        report.head("### Monthly availability (dashboard-api, " + MONTH + ", " + OUTAGES + " outages per target)");
        report.head(BenchReport.machine(clock));
        for (String size : System.getProperty("bench.availability.targets", "1000,10000").split(",")) {
            run(Integer.parseInt(size.trim()), repo, logs, infra, os, report);
        }
        report.write();
    }

    /**
     * Issue 15: the month so far (this month, up to now) of every service at 1,000 and 10,000 targets, with as many
     * transitions as a whole month of the finished-month benchmark (OUTAGES outages of 7 min per target, spread over
     * the days so far). Baseline in the same run: the old full computation (mihari.availability.incremental=false,
     * every transition of the month read each time); then the transitions kept in memory (the default), every
     * request computing (no reuse) — with nothing new, and with 40 new transitions in up to 20 services stored before
     * each request —; then the defaults (figures reused 30 s), a request every 2 s with new transitions.
     */
    @Test
    void monthSoFarOfAllServices() throws Exception {
        Path repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        Path logs = Path.of(System.getProperty("e2e.logs.dir", "target/e2e-logs")).resolve("bench-availability");
        Files.createDirectories(logs);
        Map<String, String> infra = MihariInfra.serviceConfig();
        BenchOpenSearch os = new BenchOpenSearch(infra.get("mihari.opensearch.url"));
        for (IndexTemplates.Template template : IndexTemplates.ALL) {
            os.put("/_index_template/" + template.name(), template.json());
        }
        java.time.ZoneId jst = java.time.ZoneId.of("Asia/Tokyo");
        java.time.YearMonth month = java.time.YearMonth.now(clock.withZone(jst));
        BenchReport report = new BenchReport(logs.resolve("results.md"));
        report.head("### Month so far (dashboard-api, " + month + " up to now, " + OUTAGES
                + " outages per target so far)");
        report.head(BenchReport.machine(clock));
        for (String size : System.getProperty("bench.availability.targets", "1000,10000").split(",")) {
            runMonthSoFar(Integer.parseInt(size.trim()), month, jst, repo, logs, infra, os, report);
        }
        report.note("The machine was shared with other builds and tests while this ran: figures are noisy.");
        report.write();
    }

    void runMonthSoFar(int targets, java.time.YearMonth month, java.time.ZoneId zone, Path repo, Path logs,
            Map<String, String> infra, BenchOpenSearch os, BenchReport report) throws Exception {
        int services = targets / TARGETS_PER_SERVICE;
        String prefix = "m" + targets;
        Path catalog = logs.resolve(prefix + "-catalog.yaml");
        Files.writeString(catalog, catalog(prefix, services));
        Path users = logs.resolve(prefix + "-users.yaml");
        Files.writeString(users, "users:\n  - {id: bench-op, name: bench, role: operator, organisation: " + prefix
                + "-city, passwordHash: \"$2a$10$zH0hQfHcxQQb1HfH/g.FfeXn0Ciwc3w6kSGKFrRc/SmhMxlhVby.e\"}\n");
        Instant monthStart = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant now = clock.instant();
        long docs = seedSoFar(os, prefix, services, monthStart, now);
        report.row(prefix, "data", String.format(Locale.ROOT, "%,d targets in %,d services, %,d transitions "
                + "(%s – %s)", targets, services, docs, monthStart, now));
        String query = "?month=" + month;
        java.util.Random random = new java.util.Random(targets);
        Call churn = () -> {
            // 40 new transitions in up to 20 services (a DOWN and its UP), stored and visible before the request
            StringBuilder bulk = new StringBuilder();
            Instant at = clock.instant().minusSeconds(2);
            for (int i = 0; i < 20; i++) {
                int s = random.nextInt(services);
                String service = String.format(Locale.ROOT, "%s-svc-%04d", prefix, s);
                String target = String.format(Locale.ROOT, "%s-city/s%04d-h%d", prefix, s,
                        random.nextInt(TARGETS_PER_SERVICE));
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                doc(b, service, target, at, "DOWN", new ArrayList<>());
                doc(b, service, target, at.plusMillis(700), "UP", new ArrayList<>());
                bulk.append(b.toString(StandardCharsets.UTF_8));
            }
            assertThat(os.bulk(bulk.toString().getBytes(StandardCharsets.UTF_8))).isZero();
            os.refresh("mihari-status");
        };
        // baseline: the full computation, every transition of the month read each time
        try (Started app = startSoFar(prefix, repo, logs, infra, catalog, users, false, false)) {
            List<Double> overview = time(() -> getJson(app.base + "/api/availability" + query, app.token));
            List<Double> one = time(() -> getJson(app.base + "/api/availability/" + prefix + "-svc-0000" + query,
                    app.token));
            List<Double> raw = time(() -> readRaw(os, prefix, monthStart, clock.instant()));
            report.row(prefix, "baseline: read the month's transitions from OpenSearch", ms(raw));
            report.row(prefix, "baseline: GET /api/availability (all services), full computation every time "
                    + "(incremental=false)", ms(overview));
            report.row(prefix, "baseline: GET /api/availability/{service}, full computation every time", ms(one));
        }
        // the transitions kept in memory, checked against OpenSearch on every computation, no reuse
        try (Started app = startSoFar(prefix, repo, logs, infra, catalog, users, true, false)) {
            report.row(prefix, "first GET /api/availability after the start (warm-up read in the background)",
                    String.format(Locale.ROOT, "%.0f ms", app.first * 1000));
            List<Double> overview = time(() -> getJson(app.base + "/api/availability" + query, app.token));
            List<Double> changing = time(churn, () -> getJson(app.base + "/api/availability" + query, app.token));
            List<Double> one = time(churn, () -> getJson(app.base + "/api/availability/" + prefix + "-svc-0000"
                    + query, app.token));
            report.row(prefix, "GET /api/availability (all services), computed every time, nothing new",
                    ms(overview));
            report.row(prefix, "GET /api/availability (all services), computed every time, 40 new transitions "
                    + "before each", ms(changing));
            report.row(prefix, "GET /api/availability/{service}, computed every time, 40 new transitions before each",
                    ms(one));
        }
        // the defaults: figures reused 30 s, a request every 2 s for 70 s while transitions arrive
        if (!Boolean.parseBoolean(System.getProperty("bench.availability.paced", "true"))) {
            return;
        }
        try (Started app = startSoFar(prefix, repo, logs, infra, catalog, users, true, true)) {
            // paced by a scheduler (a request every 2 s, the next one late when one takes longer), not by sleeping
            List<Double> paced = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.ScheduledExecutorService pacer =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            try {
                pacer.scheduleAtFixedRate(() -> {
                    try {
                        churn.run();
                        long start = System.nanoTime();
                        getJson(app.base + "/api/availability" + query, app.token);
                        paced.add((System.nanoTime() - start) / 1e9);
                        if (paced.size() == 35) {
                            done.complete(null);
                        }
                    } catch (Exception | AssertionError e) {
                        done.completeExceptionally(e);
                    }
                    if (done.isDone()) {
                        throw new java.util.concurrent.CancellationException("paced phase over");
                    }
                }, 0, 2, java.util.concurrent.TimeUnit.SECONDS);
                done.get(5, java.util.concurrent.TimeUnit.MINUTES);
            } finally {
                pacer.shutdownNow();
            }
            report.row(prefix, "GET /api/availability (all services), defaults (reused 30 s), every 2 s for 70 s "
                    + "with new transitions", ms(paced));
        }
    }

    /** A started dashboard-api with a logged-in token and how long its first overview took. */
    record Started(App app, String base, String token, double first) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            app.close();
        }
    }

    Started startSoFar(String prefix, Path repo, Path logs, Map<String, String> infra, Path catalog, Path users,
            boolean incremental, boolean cached) throws Exception {
        int port = FreePorts.next();
        Map<String, String> config = new LinkedHashMap<>();
        if (!cached) {
            config.put("mihari.availability.cache-complete", "0s");
            config.put("mihari.availability.cache-current", "0s");
        }
        config.put("mihari.availability.incremental", Boolean.toString(incremental));
        config.put("mihari.opensearch.url", infra.get("mihari.opensearch.url"));
        config.put("kafka.bootstrap.servers", infra.get("kafka.bootstrap.servers"));
        config.put("mihari.catalog.path", catalog.toString());
        config.put("mihari.auth.users-file", users.toString());
        config.put("mihari.auth.token-secret", "a-benchmark-secret-of-at-least-32-bytes");
        config.put("quarkus.http.port", Integer.toString(port));
        String base = "http://127.0.0.1:" + port;
        App app = App.of("dashboard-api", repo, logs, "512m", config).start();
        try {
            return started(app.awaitReady(base + "/q/health/ready"), base, catalog);
        } catch (Exception | AssertionError e) {
            app.close();
            throw e;
        }
    }

    Started started(App app, String base, Path catalog) throws Exception {
        String token = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"bench-op\",\"password\":\"e2e-password\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("token").asText();
        long start = System.nanoTime();
        JsonNode first = getJson(base + "/api/availability", token);
        double firstSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(first.path("services").size()).isEqualTo(catalogServices(catalog));
        assertThat(first.path("complete").asBoolean()).isFalse();
        return new Started(app, base, token, firstSeconds);
    }

    static int catalogServices(Path catalog) throws Exception {
        return (int) Files.readAllLines(catalog).stream().filter(l -> l.startsWith("  - id: ") && l.contains("-svc-"))
                .count();
    }

    /** Every target UP before the month, then OUTAGES outages of 7 min spread over the month so far. */
    long seedSoFar(BenchOpenSearch os, String prefix, int services, Instant monthStart, Instant now) {
        long span = Math.max(60_000, Duration.between(monthStart, now).toMillis() - Duration.ofMinutes(10).toMillis());
        return seed(os, prefix, services, monthStart.minus(Duration.ofDays(5)), (s, t, o) -> monthStart.plusMillis(
                (long) (span * ((o * 24 + (s + t) % 24) / (OUTAGES * 24.0)))), new LinkedHashMap<>());
    }

    void run(int targets, Path repo, Path logs, Map<String, String> infra, BenchOpenSearch os, BenchReport report)
            throws Exception {
        int services = targets / TARGETS_PER_SERVICE;
        String prefix = "b" + targets;
        Path catalog = logs.resolve(prefix + "-catalog.yaml");
        Files.writeString(catalog, catalog(prefix, services));
        Path users = logs.resolve(prefix + "-users.yaml");
        Files.writeString(users, "users:\n  - {id: bench-op, name: bench, role: operator, organisation: " + prefix
                + "-city, passwordHash: \"$2a$10$zH0hQfHcxQQb1HfH/g.FfeXn0Ciwc3w6kSGKFrRc/SmhMxlhVby.e\"}\n");
        Map<String, List<io.mihari.model.availability.TargetTransition>> transitions = new LinkedHashMap<>();
        long docs = seed(os, prefix, services, transitions);
        measure(targets, services, docs, prefix, repo, logs, infra, os, report, catalog, users, false,
                "computed every time", true);
        measure(targets, services, docs, prefix, repo, logs, infra, os, report, catalog, users, true,
                "reused (cache, default)", false);
        freeze(os, catalog, transitions);
        measure(targets, services, docs, prefix, repo, logs, infra, os, report, catalog, users, false,
                "finished month frozen (report of record), no reuse", false);
    }

    /** What alert-service stores when the month is frozen: each service's October as computed, revision 1. */
    void freeze(BenchOpenSearch os, Path catalogFile,
            Map<String, List<io.mihari.model.availability.TargetTransition>> transitions) throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        var catalog = io.mihari.model.catalog.CatalogLoader.load(catalogFile);
        ByteArrayOutputStream bulk = new ByteArrayOutputStream();
        for (var service : catalog.services()) {
            var month = io.mihari.model.availability.AvailabilityCalculator.compute(service,
                    java.time.YearMonth.parse(MONTH), clock.instant(), transitions.getOrDefault(service.id(), List.of()),
                    List.of(), List.of(), List.of());
            String id = service.id() + "|" + MONTH + "|r1";
            bulk.writeBytes(("{\"index\":{\"_index\":\"mihari-reports\",\"_id\":" + BenchOpenSearch.quote(id) + "}}\n"
                    + "{\"reportId\":" + BenchOpenSearch.quote(id) + ",\"serviceId\":\"" + service.id() + "\",\"month\":\""
                    + MONTH + "\",\"revision\":1,\"frozenAt\":\"" + clock.instant() + "\",\"frozenBy\":\"Mihari\","
                    + "\"availability\":" + json.writeValueAsString(month) + "}\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(os.bulk(bulk.toByteArray())).isZero();
        os.refresh("mihari-reports");
    }

    /** @param cached whether computed months are reused (the default) or every request computes (the cold path) */
    void measure(int targets, int services, long docs, String prefix, Path repo, Path logs, Map<String, String> infra,
            BenchOpenSearch os, BenchReport report, Path catalog, Path users, boolean cached, String mode,
            boolean withBaseline) throws Exception {
        int port = FreePorts.next();
        Map<String, String> config = new LinkedHashMap<>();
        if (!cached) {
            config.put("mihari.availability.cache-complete", "0s");
            config.put("mihari.availability.cache-current", "0s");
        }
        config.put("mihari.opensearch.url", infra.get("mihari.opensearch.url"));
        config.put("kafka.bootstrap.servers", infra.get("kafka.bootstrap.servers"));
        config.put("mihari.catalog.path", catalog.toString());
        config.put("mihari.auth.users-file", users.toString());
        config.put("mihari.auth.token-secret", "a-benchmark-secret-of-at-least-32-bytes");
        config.put("quarkus.http.port", Integer.toString(port));
        String base = "http://127.0.0.1:" + port;
        try (App dashboard = App.of("dashboard-api", repo, logs, "512m", config).start()
                .awaitReady(base + "/q/health/ready")) {
            String token = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"bench-op\",\"password\":\"e2e-password\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("token").asText();
            JsonNode first = getJson(base + "/api/availability?month=" + MONTH, token);
            assertThat(first.path("services").size()).isEqualTo(services);
            assertThat(first.path("services").get(0).path("downtimeMs").asLong()).isPositive();
            List<Double> overview = time(() -> getJson(base + "/api/availability?month=" + MONTH, token));
            List<Double> one = time(() -> getJson(base + "/api/availability/" + prefix + "-svc-0000?month=" + MONTH,
                    token));
            List<Double> raw = time(() -> readRaw(os, prefix));
            double p50 = BenchReport.percentile(overview, 50);
            double rawP50 = BenchReport.percentile(raw, 50);
            if (withBaseline) {
                report.row(prefix, "data", String.format(Locale.ROOT, "%,d targets in %,d services, %,d transitions",
                        targets, services, docs));
                report.row(prefix, "baseline: read the month's transitions from OpenSearch", ms(raw));
            }
            report.row(prefix, "GET /api/availability (all services), " + mode, ms(overview));
            report.row(prefix, "GET /api/availability/{service}, " + mode, ms(one));
            if (withBaseline) {
                report.row(prefix, "ratio all services / baseline (p50)", String.format(Locale.ROOT, "%.2f×",
                        p50 / rawP50));
            }
        }
    }

    interface Call {
        void run() throws Exception;
    }

    List<Double> time(Call call) throws Exception {
        return time(() -> {
        }, call);
    }

    /** {@code before} runs untimed before each call (and each warm-up call). */
    List<Double> time(Call before, Call call) throws Exception {
        for (int i = 0; i < 3; i++) {
            before.run();
            call.run(); // warm-up
        }
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            before.run();
            long start = System.nanoTime();
            call.run();
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        return seconds;
    }

    static String ms(List<Double> seconds) {
        return String.format(Locale.ROOT, "p50 %.0f ms, p95 %.0f ms, max %.0f ms (n = %d)",
                BenchReport.percentile(seconds, 50) * 1000, BenchReport.percentile(seconds, 95) * 1000,
                BenchReport.percentile(seconds, 100) * 1000, seconds.size());
    }

    static JsonNode getJson(String url, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Every transition of the month of these services, as a client would page through them. */
    static long readRaw(BenchOpenSearch os, String prefix) {
        return readRaw(os, prefix, Instant.parse("2026-09-30T15:00:00Z"), Instant.parse("2026-10-31T15:00:00Z"));
    }

    static long readRaw(BenchOpenSearch os, String prefix, Instant from, Instant to) {
        long read = 0;
        String after = null;
        while (true) {
            String body = "{\"size\":5000,\"track_total_hits\":false,\"query\":{\"bool\":{\"filter\":["
                    + "{\"term\":{\"scope\":\"TARGET\"}},{\"prefix\":{\"serviceId\":\"" + prefix + "-\"}},"
                    + "{\"range\":{\"at\":{\"gte\":\"" + from + "\",\"lt\":\"" + to + "\"}}}]}},"
                    + "\"sort\":[{\"at\":\"asc\"},{\"transitionId\":\"asc\"}]"
                    + (after == null ? "" : ",\"search_after\":" + after) + "}";
            JsonNode hits = os.post("/mihari-status/_search", body).path("hits").path("hits");
            read += hits.size();
            if (hits.size() < 5000) {
                return read;
            }
            after = hits.get(hits.size() - 1).path("sort").toString();
        }
    }

    static String catalog(String prefix, int services) {
        StringBuilder y = new StringBuilder("defaults:\n  heartbeatInterval: 1m\ntenants:\n  - id: " + prefix
                + "-city\n    name: {ja: ベンチ市, en: Bench city}\nsystems:\n  - id: juki\n    name: {ja: 住記系, en: Resident"
                + " records}\nvendors:\n  - id: " + prefix + "-vendor\n    name: {ja: ベンチ, en: Bench}\nservices:\n");
        for (int s = 0; s < services; s++) {
            y.append(String.format(Locale.ROOT, "  - id: %s-svc-%04d\n    tenant: %s-city\n    system: juki\n"
                    + "    vendor: %s-vendor\n    targets:\n", prefix, s, prefix, prefix));
            for (int t = 0; t < TARGETS_PER_SERVICE; t++) {
                y.append(String.format(Locale.ROOT, "      - {host: s%04d-h%d, role: %s%s}\n", s, t,
                        t < 3 ? "AP, redundancyGroup: ap" : t == 3 ? "DB, critical: true" : "EUC",
                        ""));
            }
        }
        return y.toString();
    }

    /** Every target UP before the month, then OUTAGES outages of 7 min spread over October. */
    long seed(BenchOpenSearch os, String prefix, int services,
            Map<String, List<io.mihari.model.availability.TargetTransition>> transitions) {
        Instant monthStart = Instant.parse("2026-09-30T15:00:00Z");
        return seed(os, prefix, services, Instant.parse("2026-09-01T00:00:00Z"), (s, t, o) -> monthStart.plus(
                Duration.ofHours(6L * (o * 24 + (s + t) % 24) + 1)), transitions);
    }

    /** When outage {@code o} of target {@code t} of service {@code s} starts. */
    interface OutageStart {
        Instant of(int s, int t, int o);
    }

    /**
     * Every target of the generated catalog UP at {@code up}, then OUTAGES outages of 7 min starting as {@code outage}
     * says, stored in {@code mihari-status} (and kept per service in {@code transitions}); how many were stored.
     */
    long seed(BenchOpenSearch os, String prefix, int services, Instant up, OutageStart outage,
            Map<String, List<io.mihari.model.availability.TargetTransition>> transitions) {
        ByteArrayOutputStream bulk = new ByteArrayOutputStream();
        long docs = 0;
        for (int s = 0; s < services; s++) {
            String service = String.format(Locale.ROOT, "%s-svc-%04d", prefix, s);
            for (int t = 0; t < TARGETS_PER_SERVICE; t++) {
                String target = String.format(Locale.ROOT, "%s-city/s%04d-h%d", prefix, s, t);
                List<io.mihari.model.availability.TargetTransition> own = transitions.computeIfAbsent(service,
                        k -> new ArrayList<>());
                docs += doc(bulk, service, target, up, "UP", own);
                for (int o = 0; o < OUTAGES; o++) {
                    Instant down = outage.of(s, t, o);
                    docs += doc(bulk, service, target, down, "DOWN", own);
                    docs += doc(bulk, service, target, down.plus(Duration.ofMinutes(7)), "UP", own);
                }
                if (bulk.size() > 8_000_000) {
                    assertThat(os.bulk(bulk.toByteArray())).isZero();
                    bulk.reset();
                }
            }
        }
        if (bulk.size() > 0) {
            assertThat(os.bulk(bulk.toByteArray())).isZero();
        }
        os.refresh("mihari-status");
        return docs;
    }

    static int doc(ByteArrayOutputStream bulk, String service, String target, Instant at, String to,
            List<io.mihari.model.availability.TargetTransition> kept) {
        kept.add(new io.mihari.model.availability.TargetTransition(target, at, to, "BENCH"));
        String id = target + "|" + at;
        String line = "{\"index\":{\"_index\":\"mihari-status\",\"_id\":" + BenchOpenSearch.quote(id) + "}}\n"
                + "{\"transitionId\":" + BenchOpenSearch.quote(id) + ",\"scope\":\"TARGET\",\"targetId\":"
                + BenchOpenSearch.quote(target) + ",\"serviceId\":\"" + service + "\",\"to\":\"" + to + "\",\"at\":\""
                + at + "\",\"cause\":\"BENCH\"}\n";
        bulk.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        return 1;
    }
}
