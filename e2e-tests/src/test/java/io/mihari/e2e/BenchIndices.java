package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static io.mihari.e2e.BenchOpenSearch.quote;
import static org.awaitility.Awaitility.await;

/**
 * What the benchmark reads back from alert-service's indices — only their public contract (index names and the
 * fields of the committed templates): events by id, target status in {@code mihari-targets}, incidents in
 * {@code mihari-incidents}.
 */
final class BenchIndices {

    private final BenchOpenSearch openSearch;
    private final Clock clock;

    BenchIndices(BenchOpenSearch openSearch, Clock clock) {
        this.openSearch = openSearch;
        this.clock = clock;
    }

    /** An incident of a silenced service: when alert-service says it opened, and when this benchmark saw it. */
    record Opened(Instant lastSent, Instant openedAt, Instant detectedAt, Instant seenAt) {
    }

    /** Service → the last heartbeat sent by its silenced server (the latest, if several). */
    static Map<String, Instant> byService(Map<String, Instant> lastSentByTarget) {
        return lastSentByTarget.entrySet().stream().collect(Collectors.toMap(
                e -> BenchCatalog.serviceOfTarget(e.getKey()), Map.Entry::getValue,
                (a, b) -> a.isAfter(b) ? a : b, LinkedHashMap::new));
    }

    /**
     * Polls {@code mihari-incidents} every 250 ms (no refresh forced: what a reader sees) until each service has
     * an incident opened after its last heartbeat, or {@code atMost} has passed.
     *
     * @return the incidents seen, by service (those not seen in time are missing)
     */
    Map<String, Opened> awaitIncidents(Map<String, Instant> lastSentByService, Duration atMost) {
        Map<String, Opened> seen = new HashMap<>();
        Instant notBefore = lastSentByService.values().stream().min(Instant::compareTo).orElseThrow()
                .truncatedTo(ChronoUnit.MILLIS); // a date field holds milliseconds
        String services = lastSentByService.keySet().stream().map(BenchOpenSearch::quote)
                .collect(Collectors.joining(",", "[", "]"));
        String search = "{\"size\":" + (10 * lastSentByService.size()) + ",\"_source\":[\"serviceId\",\"openedAt\","
                + "\"detectedAt\"],\"query\":{\"bool\":{\"filter\":[{\"terms\":{\"serviceId\":" + services + "}},"
                + "{\"range\":{\"openedAt\":{\"gte\":" + quote(notBefore.toString()) + "}}}]}}}";
        awaitQuietly("incidents opened", atMost, Duration.ofMillis(250), () -> {
            JsonNode hits = openSearch.post("/mihari-incidents/_search", search).path("hits").path("hits");
            Instant now = clock.instant();
            for (JsonNode hit : hits) {
                JsonNode src = hit.path("_source");
                String service = src.path("serviceId").asText();
                if (lastSentByService.containsKey(service) && !seen.containsKey(service)) {
                    seen.put(service, new Opened(lastSentByService.get(service),
                            BenchOpenSearch.instant(src.path("openedAt")),
                            BenchOpenSearch.instant(src.path("detectedAt")), now));
                }
            }
            return seen.size() == lastSentByService.size();
        });
        return seen;
    }

    /** Waits until {@code expected} targets whose id starts with one of the prefixes are UP in {@code mihari-targets}. */
    boolean awaitUp(List<String> targetIdPrefixes, int expected, Duration atMost) {
        String query = "{\"bool\":{\"filter\":[{\"term\":{\"status\":\"UP\"}},{\"bool\":{\"should\":["
                + targetIdPrefixes.stream().map(p -> "{\"prefix\":{\"targetId\":" + quote(p) + "}}")
                .collect(Collectors.joining(",")) + "]}}]}}";
        return awaitQuietly("targets UP", atMost, Duration.ofMillis(500),
                () -> openSearch.count("mihari-targets", query) >= expected);
    }

    /**
     * Finds which pending events (event id → send time from {@link System#nanoTime()}) are searchable now in
     * {@code mihari-events-*}, removes them and adds their latency, from send to this answer, in seconds.
     */
    void collectSearchable(Map<String, Long> pending, List<Double> latencies) {
        List<String> ids = List.copyOf(pending.keySet());
        if (ids.isEmpty()) {
            return;
        }
        String values = ids.stream().map(BenchOpenSearch::quote).collect(Collectors.joining(",", "[", "]"));
        JsonNode hits = openSearch.post("/mihari-events-*/_search?filter_path=hits.hits._id",
                "{\"size\":" + ids.size() + ",\"_source\":false,\"query\":{\"ids\":{\"values\":" + values + "}}}")
                .path("hits").path("hits");
        long now = System.nanoTime();
        for (JsonNode hit : hits) {
            Long sentAt = pending.remove(hit.path("_id").asText());
            if (sentAt != null) {
                latencies.add((now - sentAt) / 1e9);
            }
        }
    }

    /** A term query clause. */
    static String term(String field, String value) {
        return "{\"term\":{" + quote(field) + ":" + quote(value) + "}}";
    }

    static double secondsBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    static boolean awaitQuietly(String what, Duration atMost, BooleanSupplier condition) {
        return awaitQuietly(what, atMost, Duration.ofMillis(BenchVisibility.POLL_MILLIS), condition);
    }

    /** Awaitility without the exception: true when the condition held in time (an exception counts as not yet). */
    static boolean awaitQuietly(String what, Duration atMost, Duration poll, BooleanSupplier condition) {
        try {
            await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(poll).pollInSameThread()
                    .ignoreExceptions().until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
