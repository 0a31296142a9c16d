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
        for (int i = 0; i < 3; i++) {
            call.run(); // warm-up
        }
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
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
        long read = 0;
        String after = null;
        while (true) {
            String body = "{\"size\":5000,\"track_total_hits\":false,\"query\":{\"bool\":{\"filter\":["
                    + "{\"term\":{\"scope\":\"TARGET\"}},{\"prefix\":{\"serviceId\":\"" + prefix + "-\"}},"
                    + "{\"range\":{\"at\":{\"gte\":\"2026-09-30T15:00:00Z\",\"lt\":\"2026-10-31T15:00:00Z\"}}}]}},"
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
        ByteArrayOutputStream bulk = new ByteArrayOutputStream();
        long docs = 0;
        Instant monthStart = Instant.parse("2026-09-30T15:00:00Z");
        for (int s = 0; s < services; s++) {
            String service = String.format(Locale.ROOT, "%s-svc-%04d", prefix, s);
            for (int t = 0; t < TARGETS_PER_SERVICE; t++) {
                String target = String.format(Locale.ROOT, "%s-city/s%04d-h%d", prefix, s, t);
                List<io.mihari.model.availability.TargetTransition> own = transitions.computeIfAbsent(service,
                        k -> new ArrayList<>());
                docs += doc(bulk, service, target, Instant.parse("2026-09-01T00:00:00Z"), "UP", own);
                for (int o = 0; o < OUTAGES; o++) {
                    Instant down = monthStart.plus(Duration.ofHours(6L * (o * 24 + (s + t) % 24) + 1));
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
