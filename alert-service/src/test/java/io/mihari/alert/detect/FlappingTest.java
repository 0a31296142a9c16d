package io.mihari.alert.detect;

import io.mihari.alert.incident.Incident;
import io.mihari.alert.incident.IncidentRepository;
import io.mihari.alert.incident.IncidentService;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.CheckPolicy;
import io.mihari.model.catalog.Target;
import io.mihari.model.event.CheckCadence;
import io.mihari.model.event.CheckResult;
import io.mihari.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Fast and calm" with the shipped defaults (issue 15): ten simulated minutes of a whole service (10 servers, each
 * with its heartbeat every 10 s and one HTTP check on the agent's {@link CheckCadence#defaults()}: every 20 s, 6
 * re-checks every 2 s after a first failure) through the real {@link TargetDetection} (its {@link CheckMonitor} with
 * the catalog's default {@link CheckPolicy} 7/2, its {@link LivenessMonitor} with 3 missed heartbeats) and the real
 * {@link IncidentService} (grouping wait 5 s), on a {@link MutableClock}, evaluated every second as alert-service does.
 *
 * <p>A lossy link: each check run fails at random and independently with 10 % or 20 % (half of the lost ones hang
 * until the 10 s timeout, half fail at once), and heartbeats are dropped at random one at a time (never two in a row),
 * with 5–900 ms of delivery delay. Seeded, so every run sees the same ten minutes. Nothing may go DOWN and no incident
 * may open. The counterpart: an HTTP service really dead, and a server really silent, are DOWN at exactly the instant
 * the rules say.
 */
class FlappingTest {

    static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
    static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Part A's grouping wait when neither a critical target nor the whole service is down (the longer one). */
    static final Duration GROUPING_WAIT = Duration.ofSeconds(5);
    static final String SERVICE = "kurashiki-juki";
    static final List<String> HOSTS = List.of("krs-juki-ap1", "krs-juki-ap2", "krs-juki-ap3", "krs-juki-db1",
            "krs-juki-euc1", "krs-juki-dc1", "krs-juki-rmt1", "krs-juki-mon1", "krs-juki-stg1", "krs-juki-bk1");

    /** The sample catalog's shape: heartbeats every 10 s, no {@code checks} section (the built-in defaults). */
    static final Catalog CATALOG = CatalogLoader.load(new ByteArrayInputStream("""
            defaults: {heartbeatInterval: 10s}
            tenants: [{id: kurashiki, name: {ja: 倉敷市, en: Kurashiki}, contacts: [{email: dx@kurashiki.example, language: ja}]}]
            systems: [{id: juki, name: {ja: 住記系, en: Resident records}}]
            vendors: [{id: fujitsu-japan, name: {ja: 富士通Japan, en: Fujitsu Japan}, contacts: [{email: ops@fujitsu-japan.example, language: en}]}]
            services:
              - id: kurashiki-juki
                tenant: kurashiki
                system: juki
                vendor: fujitsu-japan
                targets:
                  - {host: krs-juki-ap1, role: AP/WEB1, redundancyGroup: ap-web}
                  - {host: krs-juki-ap2, role: AP/WEB2, redundancyGroup: ap-web}
                  - {host: krs-juki-ap3, role: AP/WEB3, redundancyGroup: ap-web}
                  - {host: krs-juki-db1, role: BT/DB, critical: true}
                  - {host: krs-juki-euc1, role: EUC/帳票}
                  - {host: krs-juki-dc1, role: DC/ファイルサーバ}
                  - {host: krs-juki-rmt1, role: リモート保守}
                  - {host: krs-juki-mon1, role: 監視中継}
                  - {host: krs-juki-stg1, role: 検証系}
                  - {host: krs-juki-bk1, role: バックアップ}
            """.getBytes(StandardCharsets.UTF_8)), "flapping.yaml");

    // ---- the simulation ----

    /** Something that happens at an instant; equal instants in the order they were planned. */
    record Step(Instant at, long order, Runnable action) {
    }

    final MutableClock clock = new MutableClock(T0);
    final TargetDetection detection = new TargetDetection(3);
    final Map<String, Incident> stored = new LinkedHashMap<>();
    final List<Incident> opened = new ArrayList<>();
    final IncidentService incidents = new IncidentService(clock, () -> CATALOG, new IncidentRepository() {
        final Map<LocalDate, Long> numbers = new HashMap<>();

        @Override
        public void save(Incident incident) {
            stored.put(incident.id(), incident);
        }

        @Override
        public Optional<Incident> find(String id) {
            return Optional.ofNullable(stored.get(id));
        }

        @Override
        public long nextNumber(LocalDate day) {
            return numbers.merge(day, 1L, Long::sum);
        }
    }, opened::add, GROUPING_WAIT, Duration.ofMinutes(60), Duration.ofMinutes(15), service -> false);
    final PriorityQueue<Step> steps = new PriorityQueue<>((a, b) -> a.at.equals(b.at) ? Long.compare(a.order, b.order)
            : a.at.compareTo(b.at));
    final List<StatusTransition> transitions = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    long order;
    long offset;

    /** What happened on the agents' side, for the report. */
    int checkRuns;
    int failedRuns;
    int recheckRuns;
    int longestFailingStreak;
    int heartbeatsSent;
    int heartbeatsDropped;

    void plan(Instant at, Runnable action) {
        steps.add(new Step(at, order++, action));
    }

    void run(Duration length) {
        Instant end = T0.plus(length);
        for (Instant tick = T0.plusSeconds(1); !tick.isAfter(end); tick = tick.plusSeconds(1)) {
            Instant now = tick;
            plan(now, () -> handle(detection.evaluate(now, List.of()), now)); // liveness.evaluate-every 1s
            plan(now, incidents::tick);
        }
        while (!steps.isEmpty() && !steps.peek().at.isAfter(end)) {
            Step step = steps.poll();
            clock.set(step.at);
            step.action.run();
        }
    }

    /** Detection's output, as the ingest loop hands it on: transitions stored, alerts to the incident service. */
    void handle(TargetDetection.Output out, Instant now) {
        transitions.addAll(out.transitions());
        for (Alert alert : out.alerts()) {
            alerts.add(alert);
            incidents.onAlert(SERVICE, alert, now, ++offset);
            if (alert.firing()) {
                plan(now.plus(GROUPING_WAIT), incidents::tick); // the grouping wait ends on its own instant
            }
        }
    }

    static LivenessMonitor.TargetRef ref(String host) {
        return new LivenessMonitor.TargetRef("kurashiki/" + host, SERVICE, "kurashiki", "juki", host);
    }

    static CheckPolicy policy(String host) {
        return CATALOG.target("kurashiki/" + host).map(Target::checks).orElseThrow();
    }

    /**
     * One agent's HTTP check on the shipped cadence. {@code fails} says whether the run starting at an instant fails
     * and how long it takes; the result reaches alert-service {@code delay} later, in order (the agent's spool).
     */
    void agentCheck(String host, Duration firstRun, CheckOutcome outcome, Delay delay) {
        CheckCadence cadence = CheckCadence.defaults();
        CheckPolicy policy = policy(host);
        int[] streak = {0};
        Instant[] lastArrival = {T0};
        Runnable[] runAt = new Runnable[1];
        runAt[0] = () -> {
            Instant start = clock.instant();
            boolean rechecking = cadence.rechecking();
            CheckOutcome.Run run = outcome.at(start);
            Instant end = start.plus(run.took());
            checkRuns++;
            recheckRuns += rechecking ? 1 : 0;
            failedRuns += run.passed() ? 0 : 1;
            streak[0] = run.passed() ? 0 : streak[0] + 1;
            longestFailingStreak = Math.max(longestFailingStreak, streak[0]);
            CheckResult result = new CheckResult("juki-web", CheckResult.Kind.HTTP,
                    run.passed() ? CheckResult.Status.UP : CheckResult.Status.DOWN, run.took().toMillis(),
                    run.passed() ? "HTTP 200" : run.took().equals(TIMEOUT) ? "no answer within 10000 ms"
                            : "ConnectException: Connection refused", null);
            Instant arrival = later(lastArrival[0], end.plus(delay.next()));
            lastArrival[0] = arrival;
            plan(arrival, () -> handle(detection.onCheck(ref(host), policy, result, end, arrival), arrival));
            plan(end.plus(cadence.afterRun(run.passed(), run.took())), runAt[0]);
        };
        plan(T0.plus(firstRun), runAt[0]);
    }

    /** One agent's heartbeats every 10 s from {@code first} until {@code stopsAt}; {@code drop} decides each. */
    void agentHeartbeats(String host, Duration first, Instant stopsAt, Random random, double drop, Delay delay) {
        Instant[] lastArrival = {T0};
        boolean[] droppedLast = {false};
        for (Instant sent = T0.plus(first); sent.isBefore(stopsAt); sent = sent.plus(HEARTBEAT)) {
            heartbeatsSent++;
            boolean dropped = !droppedLast[0] && random.nextDouble() < drop; // single drops: never two in a row
            droppedLast[0] = dropped;
            Duration late = delay.next();
            if (dropped) {
                heartbeatsDropped++;
                continue;
            }
            Instant arrival = later(lastArrival[0], sent.plus(late));
            lastArrival[0] = arrival;
            plan(arrival, () -> handle(detection.onHeartbeat(ref(host), HEARTBEAT, arrival), arrival));
        }
    }

    static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    interface Delay {
        Duration next();

        static Delay random(Random random) {
            return () -> Duration.ofMillis(5 + random.nextInt(896));
        }

        static Delay fixed(Duration delay) {
            return () -> delay;
        }
    }

    interface CheckOutcome {
        record Run(boolean passed, Duration took) {
        }

        Run at(Instant start);

        /** Fails with probability {@code loss}, independently: half of those hang until the timeout. */
        static CheckOutcome lossy(Random random, double loss) {
            return start -> {
                if (random.nextDouble() < loss) {
                    return new Run(false, random.nextBoolean() ? TIMEOUT : Duration.ofMillis(1 + random.nextInt(300)));
                }
                return new Run(true, Duration.ofMillis(5 + random.nextInt(76)));
            };
        }
    }

    /** Every server of the service on a lossy link, agents started at random moments within the first 20 s. */
    void lossyService(Random random, double checkLoss, double heartbeatDrop, Set<String> except) {
        for (String host : HOSTS) {
            if (except.contains(host)) {
                continue;
            }
            agentHeartbeats(host, Duration.ofMillis(random.nextInt(10_000)), T0.plus(TEN_MINUTES), random,
                    heartbeatDrop, Delay.random(random));
            agentCheck(host, Duration.ofMillis(random.nextInt(20_000)), CheckOutcome.lossy(random, checkLoss),
                    Delay.random(random));
        }
    }

    void assertCalm() {
        assertThat(transitions).as("only the first heartbeats: UNKNOWN -> UP, never DOWN")
                .allSatisfy(t -> assertThat(t.to()).isEqualTo(TargetStatus.UP))
                .allSatisfy(t -> assertThat(t.from()).isEqualTo(TargetStatus.UNKNOWN));
        assertThat(transitions).hasSize(HOSTS.size());
        assertThat(alerts).as("no alert").isEmpty();
        assertThat(opened).as("no incident").isEmpty();
        assertThat(stored).isEmpty();
        assertThat(incidents.hasPending(SERVICE)).isFalse();
        HOSTS.forEach(host -> assertThat(detection.status("kurashiki/" + host)).isEqualTo(TargetStatus.UP));
    }

    String report(String what) {
        return String.format("FlappingTest %s: %d check runs (%d re-checks), %d failed (%.1f %%), longest failing"
                        + " streak %d; %d heartbeats, %d dropped (%.1f %%); DOWN transitions %d, alerts %d, incidents %d",
                what, checkRuns, recheckRuns, failedRuns, 100.0 * failedRuns / checkRuns, longestFailingStreak,
                heartbeatsSent, heartbeatsDropped, 100.0 * heartbeatsDropped / heartbeatsSent,
                transitions.stream().filter(t -> t.to() == TargetStatus.DOWN).count(), alerts.size(), opened.size());
    }

    // ---- calm ----

    @Test
    void tenMinutesOfTenPercentCheckLossAndSingleHeartbeatDropsRaiseNothing() {
        lossyService(new Random(15_010), 0.10, 0.10, Set.of());

        run(TEN_MINUTES);

        System.out.println(report("10 % loss"));
        assertCalm();
        assertThat(failedRuns).as("the link did lose checks").isGreaterThan(20);
        assertThat(recheckRuns).as("every loss was re-checked (but a last one too close to the end)")
                .isGreaterThanOrEqualTo(failedRuns - HOSTS.size());
        assertThat(heartbeatsDropped).isGreaterThan(20);
    }

    @Test
    void tenMinutesOfTwentyPercentCheckLossAndSingleHeartbeatDropsRaiseNothing() {
        lossyService(new Random(15_020), 0.20, 0.20, Set.of());

        run(TEN_MINUTES);

        System.out.println(report("20 % loss"));
        assertCalm();
        assertThat(failedRuns).as("the link did lose checks").isGreaterThan(60);
        assertThat(longestFailingStreak).as("losses in a row happened, short of 7").isBetween(2, 6);
        assertThat(heartbeatsDropped).isGreaterThan(40);
    }

    /**
     * The arithmetic of docs/detection.md checked by counting: 100,000 ten-minute windows of one check on the shipped
     * cadence through {@link CheckMonitor} with the default policy. A false DOWN needs the regular run and its 6
     * re-checks to fail: p^7 per regular run, 30 regular runs per window.
     */
    @Test
    void overAHundredThousandTenMinuteWindowsFalseDownsAreAsRareAsTheArithmeticSays() {
        int windows = 100_000;
        int at20 = falseDowns(new Random(15_200), 0.20, windows);
        int at10 = falseDowns(new Random(15_100), 0.10, windows);

        double expected20 = windows * (1 - Math.pow(1 - Math.pow(0.20, 7), 30)); // 38.4
        double expected10 = windows * (1 - Math.pow(1 - Math.pow(0.10, 7), 30)); // 0.3
        System.out.printf("FlappingTest arithmetic: %d windows of 10 min: false DOWNs at 20 %% loss %d (expected %.1f),"
                + " at 10 %% loss %d (expected %.1f)%n", windows, at20, expected20, at10, expected10);
        assertThat((double) at20).as("within 3 standard deviations of %.1f", expected20)
                .isBetween(expected20 - 3 * Math.sqrt(expected20), expected20 + 3 * Math.sqrt(expected20));
        assertThat(at10).isLessThanOrEqualTo(3);
    }

    static int falseDowns(Random random, double loss, int windows) {
        CheckPolicy policy = CheckPolicy.DEFAULT;
        int downs = 0;
        for (int w = 0; w < windows; w++) {
            CheckMonitor monitor = new CheckMonitor();
            CheckCadence cadence = CheckCadence.defaults();
            Instant at = T0;
            while (at.isBefore(T0.plus(TEN_MINUTES))) {
                boolean passed = random.nextDouble() >= loss;
                Optional<CheckMonitor.Change> change = monitor.onResult("kurashiki/krs-juki-ap1", policy, "juki-web",
                        passed, passed ? "HTTP 200" : "lost", at);
                if (change.isPresent() && change.get().to() == CheckMonitor.CheckState.DOWN) {
                    downs++;
                    break;
                }
                at = at.plus(cadence.afterRun(passed, Duration.ZERO));
            }
        }
        return downs;
    }

    // ---- fast ----

    @Test
    void aDeadHttpServiceIsDownAtItsFirstFailingResultAndDetectedTwelveSecondsLaterWhileTheOthersFlap() {
        Random random = new Random(15_030);
        lossyService(random, 0.20, 0.20, Set.of("krs-juki-db1"));
        // db1's link is clean: its server keeps sending heartbeats; its HTTP service is killed at 300.5 s, after
        // which every run is refused at once (3 ms). Results reach alert-service 250 ms after they end.
        Instant killed = T0.plusMillis(300_500);
        agentHeartbeats("krs-juki-db1", Duration.ofSeconds(1), T0.plus(TEN_MINUTES), random, 0.0,
                Delay.fixed(Duration.ofMillis(250)));
        agentCheck("krs-juki-db1", Duration.ZERO, start -> start.isBefore(killed)
                ? new CheckOutcome.Run(true, Duration.ofMillis(5)) : new CheckOutcome.Run(false, Duration.ofMillis(3)),
                Delay.fixed(Duration.ofMillis(250)));

        run(TEN_MINUTES);

        System.out.println(report("dead db1, others at 20 % loss"));
        // runs start every 20 s (start to start): 300 passes, 320 is the first refused (result at 320.003); the
        // re-checks start at 322, 324, ..., 332: the 7th failing result ends at 332.003 and arrives at 332.253
        Instant firstFailure = T0.plusMillis(320_003);
        Instant decided = T0.plusMillis(332_253);
        assertThat(transitions).filteredOn(t -> t.to() == TargetStatus.DOWN).singleElement().satisfies(t -> {
            assertThat(t.targetId()).isEqualTo("kurashiki/krs-juki-db1");
            assertThat(t.from()).isEqualTo(TargetStatus.UP);
            assertThat(t.at()).as("the outage starts at the first failing result").isEqualTo(firstFailure);
            assertThat(t.detectedAt()).as("confirmed by the 6th re-check").isEqualTo(decided);
            assertThat(t.cause()).isEqualTo("CHECK_FAILED");
        });
        assertThat(Duration.between(killed, decided)).as("kill -> DOWN: up to interval + 6 x 2 s + delivery")
                .isEqualTo(Duration.ofMillis(31_753));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("kurashiki/krs-juki-db1|DOWN");
            assertThat(a.kind()).isEqualTo(AlertKind.CHECK);
            assertThat(a.at()).isEqualTo(firstFailure);
            assertThat(a.firing()).isTrue();
        });
        assertThat(opened).singleElement().satisfies(incident -> {
            assertThat(incident.startedAt()).isEqualTo(firstFailure);
            assertThat(incident.detectedAt()).isEqualTo(decided);
            assertThat(incident.openedAt()).as("after the grouping wait").isEqualTo(decided.plus(GROUPING_WAIT));
            assertThat(incident.affectedTargets()).containsExactly("kurashiki/krs-juki-db1");
        });
        assertThat(detection.status("kurashiki/krs-juki-db1")).isEqualTo(TargetStatus.DOWN);
    }

    @Test
    void aSilentServerIsDownThirtySecondsAfterItsLastHeartbeatWhileTheOthersFlap() {
        Random random = new Random(15_040);
        lossyService(random, 0.20, 0.20, Set.of("krs-juki-mon1"));
        // mon1 dies at 400.7 s: its heartbeats (sent at 3, 13, ..., 393 s) arrive 400 ms later; its check passes
        Instant died = T0.plusMillis(400_700);
        agentHeartbeats("krs-juki-mon1", Duration.ofSeconds(3), died, random, 0.0, Delay.fixed(Duration.ofMillis(400)));
        agentCheck("krs-juki-mon1", Duration.ofSeconds(5), start -> new CheckOutcome.Run(true, Duration.ofMillis(5)),
                Delay.fixed(Duration.ofMillis(400)));

        run(TEN_MINUTES);

        System.out.println(report("silent mon1, others at 20 % loss"));
        Instant lastHeard = T0.plusMillis(393_400);
        // 3 missed x 10 s after the last heartbeat = 423.4 s, seen by the evaluation of every second at 424 s
        Instant detected = T0.plusSeconds(424);
        assertThat(transitions).filteredOn(t -> t.to() == TargetStatus.DOWN).singleElement().satisfies(t -> {
            assertThat(t.targetId()).isEqualTo("kurashiki/krs-juki-mon1");
            assertThat(t.at()).as("the outage starts when it was last heard").isEqualTo(lastHeard);
            assertThat(t.detectedAt()).isEqualTo(detected);
            assertThat(t.cause()).isEqualTo("HEARTBEAT_MISSING");
        });
        assertThat(opened).singleElement().satisfies(incident -> {
            assertThat(incident.startedAt()).isEqualTo(lastHeard);
            assertThat(incident.openedAt()).isEqualTo(detected.plus(GROUPING_WAIT));
        });
        assertThat(Duration.between(died, detected.plus(GROUPING_WAIT))).isEqualTo(Duration.ofMillis(28_300));
    }
}
