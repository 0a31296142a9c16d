package io.mihari.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.mihari.e2e.BenchIndices.awaitQuietly;
import static io.mihari.e2e.BenchIndices.secondsBetween;
import static io.mihari.e2e.BenchReport.count;
import static io.mihari.e2e.BenchReport.seconds;

/**
 * Phase e of the ingest benchmark, one step at a time: grow the fleet of targets heartbeating every 10 s to the
 * step's size, let alert-service take them all in, then silence one probe target (in a service of its own) and
 * see whether its incident still comes in time while the consumers keep up.
 */
final class BenchCapacity {

    private final BenchFleet fleet;
    private final BenchLag lag;
    private final BenchIndices indices;
    private final List<String> fleetTargets;
    private final String fleetPrefix;
    private final Duration interval;
    private final Duration limit;

    /**
     * @param fleetTargets the targets to heartbeat, in the order they join (a step of n uses the first n)
     * @param fleetPrefix what the ids of those targets (and no others) start with
     * @param limit how long after its last heartbeat the probe's incident may be searchable: missed heartbeats ×
     *        interval + grouping wait + a tolerance
     */
    BenchCapacity(BenchFleet fleet, BenchLag lag, BenchIndices indices, List<String> fleetTargets, String fleetPrefix,
            Duration interval, Duration limit) {
        this.fleet = fleet;
        this.lag = lag;
        this.indices = indices;
        this.fleetTargets = fleetTargets;
        this.fleetPrefix = fleetPrefix;
        this.interval = interval;
        this.limit = limit;
    }

    /**
     * One step. It held when every target was UP after the warm-up, every probe's incident was searchable within
     * {@code limit} of its last heartbeat, and the consumers never lagged a whole heartbeat round behind.
     *
     * @param opened the incident of each probe's service (probe target id → incident), missing when not seen
     * @param sendRate heartbeats per second the load generator had acknowledged by Kafka from the probes' silence to
     *        the last incident seen (what it achieved), and {@code expectedRate} what the fleet should send
     */
    record Step(boolean warm, Duration warmup, List<String> probes, Map<String, BenchIndices.Opened> opened,
            long maxLag, int lagSamples, long roundEvents, Duration limit, double sendRate, double expectedRate) {

        double detectSeconds(String probe) {
            BenchIndices.Opened o = opened.get(probe);
            return o == null ? Double.NaN : secondsBetween(o.lastSent(), o.seenAt());
        }

        boolean held() {
            return warm && opened.size() == probes.size()
                    && probes.stream().allMatch(p -> detectSeconds(p) <= limit.toMillis() / 1000.0) && lagSamples > 0
                    && maxLag <= roundEvents;
        }

        /** The probe's incident searchable / openedAt / detectedAt, seconds after its last heartbeat. */
        String detection(String probe) {
            BenchIndices.Opened o = opened.get(probe);
            if (o == null) {
                return "probe incident not seen within " + seconds(limit.plusSeconds(30));
            }
            return "probe incident searchable " + seconds(detectSeconds(probe)) + " after its last heartbeat (openedAt "
                    + seconds(secondsBetween(o.lastSent(), o.openedAt())) + ", outage detectedAt "
                    + (o.detectedAt() == null ? "?" : seconds(secondsBetween(o.lastSent(), o.detectedAt())))
                    + "; limit " + seconds(limit) + ")";
        }

        String summary() {
            if (!warm) {
                return "**slipped**: not every target UP within the warm-up budget (" + seconds(warmup) + ")";
            }
            String detection = probes.size() == 1 ? detection(probes.get(0)) : probes.stream()
                    .map(p -> p + ": " + detection(p)).collect(java.util.stream.Collectors.joining("; "));
            return detection + "; max consumer lag " + (lagSamples == 0 ? "unknown" : count(maxLag)) + " events (one"
                    + " round = " + count(roundEvents) + "); load generator sent " + BenchReport.rate(sendRate)
                    + " heartbeats/s (expected " + BenchReport.rate(expectedRate) + ") → "
                    + (held() ? "held" : "**slipped**");
        }
    }

    /**
     * Runs the step of {@code size} targets (the previous step had {@code previous}, still heartbeating).
     *
     * @param probe a target of a service of its own that heartbeats from now on and is silenced after the warm-up
     */
    Step run(int size, int previous, String probe) {
        return run(size, previous, List.of(probe));
    }

    /** {@link #run(int, int, String)} with several probes (e.g. one per instance), silenced at the same instant. */
    Step run(int size, int previous, List<String> probes) {
        long t0 = System.nanoTime();
        fleet.add(fleetTargets.subList(0, size));
        fleet.add(probes);
        // every new target's first heartbeat comes within one interval; its first status change is a write
        Duration budget = interval.plusSeconds(30).plusMillis(10L * (size - previous));
        List<String> prefixes = new java.util.ArrayList<>(List.of(fleetPrefix));
        prefixes.addAll(probes);
        boolean warm = indices.awaitUp(prefixes, size + probes.size(), budget);
        if (warm) {
            awaitQuietly("lag below one second of heartbeats", Duration.ofSeconds(60), () -> {
                long l = lag.total();
                return l >= 0 && l <= Math.max(10, size / interval.toSeconds());
            });
        }
        Duration warmup = Duration.ofNanos(System.nanoTime() - t0);
        double expected = (double) fleet.active() / interval.toSeconds();
        if (!warm) {
            return new Step(false, warmup, probes, Map.of(), 0, 0, size, limit, Double.NaN, expected);
        }
        AtomicLong maxLag = new AtomicLong();
        AtomicInteger samples = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(() -> {
            long l = lag.total(); // -1 when Kafka did not answer: that sample is left out
            if (l >= 0) {
                maxLag.accumulateAndGet(l, Math::max);
                samples.incrementAndGet();
            }
        }, 0, 2, TimeUnit.SECONDS);
        try {
            Map<String, Instant> last = fleet.silence(probes);
            expected = (double) fleet.active() / interval.toSeconds();
            long sent0 = fleet.sent();
            long s0 = System.nanoTime();
            Map<String, BenchIndices.Opened> byService = indices.awaitIncidents(BenchIndices.byService(last),
                    limit.plusSeconds(30));
            double sendRate = (fleet.sent() - sent0) / ((System.nanoTime() - s0) / 1e9);
            Map<String, BenchIndices.Opened> opened = new java.util.LinkedHashMap<>();
            for (String probe : probes) {
                BenchIndices.Opened o = byService.get(BenchCatalog.serviceOfTarget(probe));
                if (o != null) {
                    opened.put(probe, o);
                }
            }
            return new Step(true, warmup, probes, opened, maxLag.get(), samples.get(), size, limit, sendRate, expected);
        } finally {
            sampler.shutdownNow();
        }
    }
}
