package io.mihari.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * alert-service's Prometheus metrics ({@code /q/metrics}), read as any scraper would: only the published names
 * (docs/intake.md), nothing of its code.
 */
final class BenchMetrics {

    static final String DEAD_LETTERS = "mihari_ingest_dead_letters_total";
    static final String RESTARTS = "mihari_ingest_restarts_total";
    static final String INDEXED = "mihari_ingest_indexed_total";

    private static final Pattern REASON = Pattern.compile("reason=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;

    BenchMetrics(String url) {
        this.url = URI.create(url);
    }

    /** One reading of every metric. */
    Scrape scrape() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            return new Scrape(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + url, e);
        }
    }

    /** The metrics as Prometheus text at one instant. */
    record Scrape(String text) {

        /** The sum of a metric's series that carry every one of {@code labels} (0 when there is none). */
        double sum(String name, String... labels) {
            return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }

        /** Dead letters sent to one dead-letter topic so far (its {@code topic} label), by reason code. */
        Map<String, Long> deadLetters(String topic) {
            Map<String, Long> byReason = new TreeMap<>();
            text.lines().filter(l -> l.startsWith(DEAD_LETTERS + "{") && l.contains("topic=\"" + topic + "\""))
                    .forEach(l -> {
                        Matcher m = REASON.matcher(l);
                        if (m.find()) {
                            byReason.merge(m.group(1), Math.round(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))),
                                    Long::sum);
                        }
                    });
            return byReason;
        }
    }

    /** {@code after − before} per key, leaving out keys that did not change. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((k, v) -> delta.merge(k, v, Long::sum));
        before.forEach((k, v) -> delta.merge(k, -v, Long::sum));
        delta.values().removeIf(v -> v == 0);
        return delta;
    }
}
