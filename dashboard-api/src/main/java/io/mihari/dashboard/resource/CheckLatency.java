package io.mihari.dashboard.resource;

import jakarta.ws.rs.BadRequestException;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The response time of a server's checks over a period, as the resource page charts it: per check, the average and
 * the largest {@code latencyMs} of each time bucket and how many of its results were DOWN. The buckets come from an
 * OpenSearch {@code date_histogram} (the server downsamples; the page never reads raw results); this class holds the
 * pure parts: the period, the bucket size, reading the aggregation and shaping the answer.
 */
public final class CheckLatency {

    /** The most buckets a series has over the period (the chart's width needs no more). */
    public static final int MAX_POINTS = 300;
    /** The longest period one request charts (the resource chart's too). */
    public static final Duration MAX_PERIOD = Duration.ofDays(31);
    /** The period when none is given: the last 24 hours (the resource chart's default). */
    public static final Duration DEFAULT_PERIOD = Duration.ofHours(24);
    /** The most checks of one server charted (agents run a handful). */
    public static final int MAX_CHECKS = 50;

    /** Bucket sizes a series may have, smallest first: round values, so the points fall on readable instants. */
    static final List<Duration> BUCKETS = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
            Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1));

    private CheckLatency() {
    }

    /** The period charted: [{@code from}, {@code to}). */
    public record Period(Instant from, Instant to) {
    }

    /**
     * One bucket of one check as OpenSearch aggregated it.
     *
     * @param avgMs average latency of the bucket's results, null when it had none
     * @param maxMs largest latency of the bucket's results, null when it had none
     * @param count results in the bucket
     * @param down results of the bucket that were DOWN
     */
    public record Bucket(String check, String kind, Instant at, Double avgMs, Double maxMs, long count, long down) {
    }

    /**
     * One point of a series: a bucket starting at {@code at}. A bucket without results between two with results is a
     * gap ({@code count} 0, no latency) so the line breaks where the check did not run.
     */
    public record Point(Instant at, Double avgMs, Double maxMs, long count, long down) {
    }

    /**
     * The series of one check.
     *
     * @param kind HTTP, TCP, PROCESS, COMMAND or PING (the kind most of its results had)
     * @param results results over the period
     * @param down results over the period that were DOWN
     * @param maxMs largest latency over the period, null when no result had one
     */
    public record CheckSeries(String name, String kind, long results, long down, Double maxMs, List<Point> points) {
    }

    /**
     * The latency of a server's checks: {@code GET /api/targets/{tenant}/{host}/checks/latency}.
     *
     * @param bucketSeconds how long each point's bucket is
     */
    public record Latency(String targetId, Instant from, Instant to, long bucketSeconds, List<CheckSeries> checks) {
    }

    /**
     * The period asked for: ISO-8601 instants, {@code to} default now, {@code from} default 24 hours before
     * {@code to}; {@code from} must be before {@code to}, at most {@link #MAX_PERIOD} apart.
     *
     * @throws BadRequestException for text that is no instant, or a period out of bounds
     */
    public static Period period(String from, String to, Instant now) {
        Instant end = to == null || to.isBlank() ? now : instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_PERIOD) : instant("from", from);
        if (!start.isBefore(end)) {
            throw new BadRequestException("from (" + start + ") must be before to (" + end + ")");
        }
        if (Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
            throw new BadRequestException("the period is at most " + MAX_PERIOD.toDays() + " days, was " + start
                    + " to " + end);
        }
        return new Period(start, end);
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + ": '" + text + "' is not an instant (e.g. 2026-12-06T00:00:00Z)");
        }
    }

    /**
     * The smallest bucket of {@link #BUCKETS} that cuts the period into at most {@link #MAX_POINTS} buckets (24 hours:
     * 5 minutes, 288 buckets; 31 days: 3 hours, 248 buckets; 1 hour: 30 seconds).
     */
    public static Duration bucketSize(Period period) {
        long seconds = Duration.between(period.from(), period.to()).toSeconds();
        for (Duration d : BUCKETS) {
            if (ceilDiv(seconds, d.toSeconds()) <= MAX_POINTS) {
                return d;
            }
        }
        return BUCKETS.get(BUCKETS.size() - 1);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * The buckets of the aggregation {@link CheckLatencyResource} asks for: {@code checks} (terms on
     * {@code check.name}) → {@code kind} (terms on {@code check.kind}) and {@code time} (date_histogram) →
     * {@code avg}, {@code max} (of {@code check.latencyMs}) and {@code down} (filter on DOWN). An absent aggregation
     * (no event index yet) reads as none.
     */
    public static List<Bucket> buckets(Map<String, Aggregate> aggregations) {
        List<Bucket> result = new ArrayList<>();
        Aggregate checks = aggregations.get("checks");
        if (checks == null || !checks.isSterms()) {
            return result;
        }
        for (var check : checks.sterms().buckets().array()) {
            Aggregate kinds = check.aggregations().get("kind");
            String kind = kinds != null && kinds.isSterms() && !kinds.sterms().buckets().array().isEmpty()
                    ? kinds.sterms().buckets().array().get(0).key() : null;
            Aggregate time = check.aggregations().get("time");
            if (time == null || !time.isDateHistogram()) {
                continue;
            }
            for (var b : time.dateHistogram().buckets().array()) {
                if (b.docCount() == 0) {
                    continue;
                }
                Aggregate avg = b.aggregations().get("avg");
                Aggregate max = b.aggregations().get("max");
                Aggregate down = b.aggregations().get("down");
                result.add(new Bucket(check.key(), kind, Instant.ofEpochMilli(b.key()),
                        avg == null ? null : avg.avg().value(), max == null ? null : max.max().value(), b.docCount(),
                        down == null ? 0 : down.filter().docCount()));
            }
        }
        return result;
    }

    /**
     * The answer: one series per check, by name; each series' points by instant, averages to one decimal, and a gap
     * point (no latency) at the start of each run of empty buckets between two buckets with results.
     */
    public static Latency shape(String targetId, Period period, Duration bucket, List<Bucket> buckets) {
        Map<String, List<Bucket>> byCheck = new TreeMap<>();
        buckets.forEach(b -> byCheck.computeIfAbsent(b.check(), k -> new ArrayList<>()).add(b));
        List<CheckSeries> series = new ArrayList<>();
        byCheck.forEach((name, list) -> series.add(series(name, bucket, list)));
        return new Latency(targetId, period.from(), period.to(), bucket.toSeconds(), series);
    }

    private static CheckSeries series(String name, Duration bucket, List<Bucket> list) {
        list.sort(Comparator.comparing(Bucket::at));
        List<Point> points = new ArrayList<>();
        long results = 0;
        long down = 0;
        Double max = null;
        String kind = null;
        Instant previous = null;
        for (Bucket b : list) {
            if (previous != null && b.at().isAfter(previous.plus(bucket))) {
                points.add(new Point(previous.plus(bucket), null, null, 0, 0));
            }
            points.add(new Point(b.at(), round(b.avgMs()), b.maxMs(), b.count(), b.down()));
            results += b.count();
            down += b.down();
            if (b.maxMs() != null && (max == null || b.maxMs() > max)) {
                max = b.maxMs();
            }
            kind = kind == null ? b.kind() : kind;
            previous = b.at();
        }
        return new CheckSeries(name, kind, results, down, max, points);
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 10) / 10.0;
    }
}
