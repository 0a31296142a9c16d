package io.mihari.dashboard.availability;

import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.catalog.TestCatalogs;
import io.mihari.dashboard.config.DashboardConfig;
import io.mihari.model.availability.Availability;
import io.mihari.model.catalog.Service;
import io.mihari.model.index.IndexTemplates;
import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.MutableClock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The month so far from the transitions kept in memory ({@link MonthSoFarTransitions}) equals the full computation
 * (every transition read from OpenSearch), every field of every service to the millisecond — days, lines, verdicts —
 * over a generated July 2024 (used only here) with many outages, while late transitions (in the month and before
 * it, changing a starting state), new transitions, maintenance windows (added, withdrawn) and re-attributed incidents
 * keep arriving between computations; and only the services whose stored transitions changed are read again.
 * <p>
 * Generated (fixed seed): 16 services of 6 servers (an AP redundancy group of 3, a critical DB, 2 others), 24×7 in
 * Asia/Tokyo, office hours with a closed date, UTC, and measured from the 8th 10:00 JST; ~60 transitions per server
 * (DOWN, UP, UNKNOWN; shared instants and ties of one server at one instant), some servers without a starting state;
 * approved whole-service and server windows, a withdrawn and a requested one; incidents attributed to every party,
 * some still open.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class MonthSoFarEqualityTest {

    static final YearMonth MONTH = YearMonth.of(2024, 7);
    static final Instant MONTH_START = Instant.parse("2024-06-30T15:00:00Z");
    static final int SERVICES = 16;
    static final String[] HOSTS = {"ap1", "ap2", "ap3", "db1", "euc1", "euc2"};
    static final String[] ATTRIBUTIONS = {"CLOUD", "CARRIER", "CITY", "EXTERNAL", "PLANNED", "VENDOR"};

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;
    @Inject
    OpenSearchClient client;
    @Inject
    FrozenReports frozen;
    @Inject
    DashboardConfig config;

    final HttpClient http = HttpClient.newHttpClient();
    final Random random = new Random(15);
    final MutableClock clock = new MutableClock(Instant.parse("2024-07-20T03:00:00.250Z"));
    int written;

    @Test
    void theMonthSoFarKeptInMemoryIsTheFullComputationToTheMillisecond() throws Exception {
        for (IndexTemplates.Template template : IndexTemplates.ALL) {
            send("PUT", "/_index_template/" + template.name(), template.json());
        }
        Path yaml = Files.createTempFile("eqt-catalog", ".yaml");
        Files.writeString(yaml, catalog());
        CatalogHolder catalog = TestCatalogs.holder(yaml);
        List<Service> services = catalog.get().services();
        AvailabilityReader reader = new AvailabilityReader(client, catalog);
        MonthSoFarTransitions kept = new MonthSoFarTransitions(reader);
        AvailabilityService availability = new AvailabilityService(reader, kept, frozen, catalog, clock, config);
        seed();

        // the first computation reads every service; each round then changes some of them
        compare(availability, services);
        assertThat(kept.servicesRead()).isEqualTo(SERVICES);

        for (int round = 0; round < 10; round++) {
            clock.advance(Duration.ofSeconds(47).plusMillis(random.nextInt(1000)));
            Set<String> touched = new LinkedHashSet<>();
            StringBuilder bulk = new StringBuilder();
            switch (round % 5) {
                case 0 -> { // nothing stored: nothing read again, the figures still move with the clock
                }
                case 1 -> { // late transitions with instants days back in the month, and new ones
                    for (int i = 0; i < 6; i++) {
                        int s = random.nextInt(SERVICES);
                        touched.add(service(s));
                        long back = 60_000L + (long) random.nextInt(12 * 24 * 60) * 60_000L;
                        transition(bulk, s, HOSTS[random.nextInt(HOSTS.length)], clock.instant().minusMillis(back)
                                .minusMillis(random.nextInt(1000)), status());
                    }
                    int s = random.nextInt(SERVICES);
                    touched.add(service(s));
                    transition(bulk, s, "db1", clock.instant().minusSeconds(3), "DOWN");
                }
                case 2 -> { // a late transition before the month: a server's starting state changes
                    int s = random.nextInt(SERVICES);
                    touched.add(service(s));
                    transition(bulk, s, "db1", Instant.parse("2024-06-28T00:00:00Z").plusSeconds(round), "DOWN");
                    int t = (s + 5) % SERVICES;
                    touched.add(service(t));
                    transition(bulk, t, "ap2", Instant.parse("2024-06-29T00:00:00Z"), "UNKNOWN");
                }
                case 3 -> { // maintenance: a window approved for the past days, a server's window withdrawn
                    int s = random.nextInt(SERVICES);
                    window("eqt-mw-late-" + round, s, List.of(), clock.instant().minus(Duration.ofDays(3)),
                            clock.instant().minus(Duration.ofDays(3)).plus(Duration.ofMinutes(95)), "APPROVED", null);
                    window("eqt-mw-" + ((s + 1) % SERVICES) + "-1", (s + 1) % SERVICES,
                            List.of("eqt/" + host(s + 1, "ap1")), Instant.parse("2024-07-10T01:00:00Z"),
                            Instant.parse("2024-07-10T04:00:00Z"), "APPROVED",
                            Instant.parse("2024-07-10T02:17:00.123Z"));
                }
                default -> { // an incident re-attributed, another one opened
                    int s = random.nextInt(SERVICES);
                    incident("eqt-inc-" + s + "-0", s, ATTRIBUTIONS[random.nextInt(ATTRIBUTIONS.length)],
                            Instant.parse("2024-07-05T00:00:00Z"), Instant.parse("2024-07-06T12:00:00Z"));
                    incident("eqt-inc-new-" + round, (s + 3) % SERVICES, "CARRIER",
                            clock.instant().minus(Duration.ofHours(30)), null);
                }
            }
            if (!bulk.isEmpty()) {
                send("POST", "/_bulk?refresh=true", bulk.toString());
            }
            long before = kept.servicesRead() + kept.servicesAppended();
            compare(availability, services);
            assertThat(kept.servicesRead() + kept.servicesAppended() - before)
                    .as("services read again in round %d", round).isEqualTo(touched.size());
        }

        // only new transitions at the end (one at the very instant a service was last read up to, a tie): only the
        // tails are read, never a whole service
        for (int round = 0; round < 3; round++) {
            clock.advance(Duration.ofSeconds(31).plusMillis(random.nextInt(1000)));
            StringBuilder bulk = new StringBuilder();
            Set<String> touched = new LinkedHashSet<>();
            for (int i = 0; i < 4; i++) {
                int s = random.nextInt(SERVICES);
                touched.add(service(s));
                transition(bulk, s, HOSTS[random.nextInt(HOSTS.length)], clock.instant().minusMillis(
                        random.nextInt(20_000)), status());
            }
            transition(bulk, 3, "euc2", lastStored(3), "UNKNOWN");
            touched.add(service(3));
            send("POST", "/_bulk?refresh=true", bulk.toString());
            long read = kept.servicesRead();
            long appended = kept.servicesAppended();
            compare(availability, services);
            assertThat(kept.servicesRead()).as("whole services read again").isEqualTo(read);
            assertThat(kept.servicesAppended() - appended).as("tails read").isEqualTo(touched.size());
        }

        // a late transition and a new one in the same service: the tail cannot hold both, the service is read whole
        clock.advance(Duration.ofSeconds(29));
        StringBuilder bulk = new StringBuilder();
        transition(bulk, 5, "db1", clock.instant().minus(Duration.ofDays(4)), "DOWN");
        transition(bulk, 5, "db1", clock.instant().minusSeconds(2), "UP");
        send("POST", "/_bulk?refresh=true", bulk.toString());
        long read = kept.servicesRead();
        long appended = kept.servicesAppended();
        compare(availability, services);
        assertThat(kept.servicesRead() - read).isEqualTo(1);
        assertThat(kept.servicesAppended()).isEqualTo(appended);
    }

    /** The latest instant of a service's stored target transitions. */
    Instant lastStored(int s) throws Exception {
        String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(openSearchUrl
                + "/mihari-status/_search")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"size\":0,\"query\":{\"term\":"
                        + "{\"serviceId\":\"" + service(s) + "\"}},\"aggs\":{\"last\":{\"max\":{\"field\":\"at\"}}}}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return Instant.ofEpochMilli((long) new com.fasterxml.jackson.databind.ObjectMapper().readTree(body)
                .path("aggregations").path("last").path("value").asDouble());
    }

    /** Every field of every service: kept in memory against every transition read from OpenSearch. */
    void compare(AvailabilityService availability, List<Service> services) {
        Instant asOf = clock.instant();
        Map<String, Availability> incremental = availability.compute(services, MONTH, asOf, true);
        Map<String, Availability> full = availability.compute(services, MONTH, asOf, false);
        assertThat(incremental.keySet()).isEqualTo(full.keySet()).hasSize(SERVICES);
        long down = 0;
        for (Service s : services) {
            assertThat(incremental.get(s.id())).as(s.id()).isEqualTo(full.get(s.id()));
            assertThat(incremental.get(s.id()).to()).isEqualTo(asOf.truncatedTo(
                    java.time.temporal.ChronoUnit.MILLIS));
            down += full.get(s.id()).downtimeMs();
        }
        assertThat(down).as("the generated month has outages").isPositive();
    }

    void seed() throws Exception {
        StringBuilder bulk = new StringBuilder();
        long span = clock.instant().toEpochMilli() - MONTH_START.toEpochMilli();
        List<Instant> shared = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            shared.add(MONTH_START.plusMillis((long) (random.nextDouble() * span)));
        }
        for (int s = 0; s < SERVICES; s++) {
            for (String h : HOSTS) {
                if (random.nextInt(10) > 0) { // a few servers without any starting state (UNKNOWN)
                    transition(bulk, s, h, Instant.parse("2024-06-20T00:00:00Z").plusSeconds(random.nextInt(999)),
                            "UP");
                }
                for (int i = 0; i < 60; i++) {
                    Instant at = random.nextInt(5) == 0 ? shared.get(random.nextInt(shared.size()))
                            : MONTH_START.plusMillis((long) (random.nextDouble() * span));
                    transition(bulk, s, h, at, status());
                    if (random.nextInt(25) == 0) { // another status of the same server at the same instant
                        transition(bulk, s, h, at, status());
                    }
                }
            }
            window("eqt-mw-" + s + "-0", s, List.of(), Instant.parse("2024-07-03T16:00:00Z").plusSeconds(3600L * s),
                    Instant.parse("2024-07-03T18:30:00Z").plusSeconds(3600L * s), "APPROVED", null);
            window("eqt-mw-" + s + "-1", s, List.of("eqt/" + host(s, "ap1")), Instant.parse("2024-07-10T01:00:00Z"),
                    Instant.parse("2024-07-10T04:00:00Z"), "APPROVED", null);
            window("eqt-mw-" + s + "-2", s, List.of(), Instant.parse("2024-07-12T00:00:00Z"),
                    Instant.parse("2024-07-12T05:00:00Z"), "APPROVED", Instant.parse("2024-07-12T01:40:00Z"));
            window("eqt-mw-" + s + "-3", s, List.of(), Instant.parse("2024-07-14T00:00:00Z"),
                    Instant.parse("2024-07-14T05:00:00Z"), "REQUESTED", null);
            for (int i = 0; i < 3; i++) {
                Instant start = MONTH_START.plusMillis((long) (random.nextDouble() * span));
                incident("eqt-inc-" + s + "-" + i, s, ATTRIBUTIONS[random.nextInt(ATTRIBUTIONS.length)], start,
                        i == 2 ? null : start.plus(Duration.ofMinutes(10 + random.nextInt(600))));
            }
        }
        send("POST", "/_bulk?refresh=true", bulk.toString());
    }

    String status() {
        int r = random.nextInt(20);
        return r < 9 ? "DOWN" : r < 18 ? "UP" : "UNKNOWN";
    }

    static String service(int s) {
        return String.format(Locale.ROOT, "eqt-svc-%02d", s % SERVICES);
    }

    static String host(int s, String h) {
        return String.format(Locale.ROOT, "s%02d-%s", s % SERVICES, h);
    }

    void transition(StringBuilder bulk, int s, String h, Instant at, String to) {
        String target = "eqt/" + host(s, h);
        String id = target + "|" + to + "|" + at.toEpochMilli();
        written++;
        bulk.append("{\"index\":{\"_index\":\"mihari-status\",\"_id\":\"").append(id).append("\"}}\n")
                .append("{\"transitionId\":\"").append(id).append("\",\"scope\":\"TARGET\",\"targetId\":\"")
                .append(target).append("\",\"serviceId\":\"").append(service(s)).append("\",\"tenant\":\"eqt\",")
                .append("\"host\":\"").append(host(s, h)).append("\",\"to\":\"").append(to).append("\",\"at\":\"")
                .append(at).append("\",\"cause\":\"").append(to.equals("UP") ? "OK" : "CAUSE_" + random.nextInt(3))
                .append("\"}\n");
    }

    void window(String id, int s, List<String> targets, Instant start, Instant end, String status, Instant withdrawn)
            throws Exception {
        String targetIds = targets.isEmpty() ? "[]" : "[\"" + String.join("\",\"", targets) + "\"]";
        send("PUT", "/mihari-maintenance/_doc/" + id + "?refresh=true", """
                {"id":"%s","serviceId":"%s","targetIds":%s,"title":"作業","start":"%s","end":"%s",
                 "createdBy":"eqt","createdAt":"2024-06-01T00:00:00Z","createdByRole":"vendor",%s"status":"%s",
                 "urgent":false}""".formatted(id, service(s), targetIds, start, end,
                withdrawn == null ? "" : "\"cancelledAt\":\"" + withdrawn + "\",\"cancelledBy\":\"eqt\",", status));
    }

    void incident(String id, int s, String attribution, Instant started, Instant mitigated) throws Exception {
        send("PUT", "/mihari-incidents/_doc/" + id + "?refresh=true", """
                {"id":"%s","tenant":"eqt","system":"juki","serviceId":"%s","vendor":"eqt-vendor","kind":"LIVENESS",
                 "severity":"CRITICAL","status":"OPEN","title":"down","attribution":"%s","startedAt":"%s"%s}"""
                .formatted(id, service(s), attribution, started,
                        mitigated == null ? "" : ",\"mitigatedAt\":\"" + mitigated + "\""));
    }

    static String catalog() {
        StringBuilder y = new StringBuilder("""
                defaults:
                  heartbeatInterval: 1m
                tenants:
                  - id: eqt
                    name: {ja: 検証市, en: Equality city}
                systems:
                  - id: juki
                    name: {ja: 住記系, en: Resident records}
                vendors:
                  - id: eqt-vendor
                    name: {ja: 検証ベンダ, en: Equality vendor}
                services:
                """);
        for (int s = 0; s < SERVICES; s++) {
            y.append("  - id: ").append(service(s)).append("\n    tenant: eqt\n    system: juki\n    vendor: eqt-vendor\n");
            switch (s % 4) {
                case 1 -> y.append("    serviceHours:\n      - {days: [MON, TUE, WED, THU, FRI], from: \"08:30\", to: "
                        + "\"17:15\"}\n    closedDates: [2024-07-15]\n");
                case 2 -> y.append("    timeZone: UTC\n");
                case 3 -> y.append("    measuredFrom: \"2024-07-08T10:00:00+09:00\"\n");
                default -> {
                }
            }
            y.append("    targets:\n");
            for (String h : HOSTS) {
                y.append("      - {host: ").append(host(s, h)).append(", role: ").append(h.startsWith("ap")
                        ? "AP, redundancyGroup: ap" : h.equals("db1") ? "DB, critical: true" : "EUC").append("}\n");
            }
        }
        return y.toString();
    }

    void send(String method, String path, String body) throws Exception {
        io.mihari.dashboard.Seed.send(http, openSearchUrl, method, path, body);
    }
}
