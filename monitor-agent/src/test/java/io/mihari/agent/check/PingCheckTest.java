package io.mihari.agent.check;

import io.mihari.model.event.CheckCadence;
import io.mihari.model.event.CheckResult;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Ping checks: how a run's probes are judged (scripted), and real pings of this server's loopback and of a TEST-NET
 * address (which never answers) through the way this agent can ping; a way this server refuses is skipped.
 */
class PingCheckTest {

    static final Duration INTERVAL = Duration.ofSeconds(20);

    /** A pinger that answers with the given probes. */
    record Scripted(List<Pinger.Probe> probes) implements Pinger {
        public Way way() {
            return Way.RAW;
        }

        public List<Probe> ping(Inet4Address target, int count, Duration timeout) {
            assertThat(count).isEqualTo(probes.size());
            return probes;
        }
    }

    static Pinger.Probe ms(double millis) {
        return Pinger.Probe.answered(Duration.ofNanos(Math.round(millis * 1_000_000)));
    }

    static PingCheck check(Pinger pinger, int probes, String maxLoss, Duration maxRtt) {
        return new PingCheck("core-switch", "127.0.0.1", probes, INTERVAL, Duration.ofMillis(500),
                Checks.maxLoss(maxLoss), maxRtt, () -> pinger);
    }

    static CheckResult judge(List<Pinger.Probe> probes, String maxLoss, Duration maxRtt) {
        return check(new Scripted(probes), probes.size(), maxLoss, maxRtt).judge(probes, 2500);
    }

    @Test
    void everyProbeAnsweredIsUpWithLossAverageAndLargestRoundTrip() {
        CheckResult r = judge(List.of(ms(1.2), ms(0.8), ms(1.0), ms(3.0), ms(1.0)), "40%", null);

        assertThat(r.status()).isEqualTo(CheckResult.Status.UP);
        assertThat(r.kind()).isEqualTo(CheckResult.Kind.PING);
        assertThat(r.message()).isEqualTo("5/5 replies, loss 0%, rtt avg 1.400 ms, max 3.000 ms");
        assertThat(r.latencyMs()).as("the average round trip").isEqualTo(1);
    }

    @Test
    void lossUpToMaxLossPassesAndBeyondItFails() {
        List<Pinger.Probe> twoLost = List.of(ms(10), Pinger.Probe.lost(), ms(30), Pinger.Probe.lost(), ms(20));
        List<Pinger.Probe> threeLost = List.of(ms(10), Pinger.Probe.lost(), Pinger.Probe.lost(), Pinger.Probe.lost(),
                ms(20));

        assertThat(judge(twoLost, "40%", null).status()).isEqualTo(CheckResult.Status.UP);
        assertThat(judge(twoLost, "40%", null).message()).isEqualTo("3/5 replies, loss 40%, rtt avg 20.000 ms, max 30.000 ms");
        assertThat(judge(twoLost, "40%", null).latencyMs()).isEqualTo(20);
        CheckResult down = judge(threeLost, "40%", null);
        assertThat(down.status()).isEqualTo(CheckResult.Status.DOWN);
        assertThat(down.message()).isEqualTo("2/5 replies, loss 60%, rtt avg 15.000 ms, max 20.000 ms (over max-loss 40%)");
        assertThat(judge(List.of(ms(1), ms(1), Pinger.Probe.lost()), "0%", null).message())
                .isEqualTo("2/3 replies, loss 33.3%, rtt avg 1.000 ms, max 1.000 ms (over max-loss 0%)");
    }

    @Test
    void anAverageRoundTripOverMaxRttFails() {
        List<Pinger.Probe> slow = List.of(ms(150), ms(260), ms(250));

        assertThat(judge(slow, "40%", Duration.ofMillis(250)).status()).isEqualTo(CheckResult.Status.UP);
        CheckResult r = judge(slow, "40%", Duration.ofMillis(200));
        assertThat(r.status()).isEqualTo(CheckResult.Status.DOWN);
        assertThat(r.message()).isEqualTo("3/3 replies, loss 0%, rtt avg 220.000 ms, max 260.000 ms"
                + " (avg over max-rtt 200 ms)");
        assertThat(r.latencyMs()).isEqualTo(220);
    }

    @Test
    void nothingAnsweredIsDownWithTheRunsTimeAndTheFirstProblem() {
        CheckResult r = judge(List.of(Pinger.Probe.failed("Network is unreachable (errno 101)"), Pinger.Probe.lost()),
                "99%", null);

        assertThat(r.status()).isEqualTo(CheckResult.Status.DOWN);
        assertThat(r.message()).isEqualTo("0/2 replies, loss 100% (over max-loss 99%); Network is unreachable (errno 101)");
        assertThat(r.latencyMs()).as("the run's time").isEqualTo(2500);
    }

    @Test
    void anAgentThatCannotPingSendsNoResultAndTriesAgainAtTheInterval() {
        CheckLoopTest.VirtualScheduler scheduler = new CheckLoopTest.VirtualScheduler();
        List<CheckResult> sent = new ArrayList<>();
        PingCheck check = check(new PingWays.Unavailable("ping is not possible on this server: no ping command"),
                5, "40%", null);

        new CheckLoop(check, CheckCadence.defaults(), sent::add, scheduler, () -> scheduler.now).start(Duration.ZERO);
        scheduler.runUntil(60);

        assertThat(sent).as("never DOWN for the target because the agent cannot ping").isEmpty();
        assertThat(scheduler.queue).hasSize(1);
        assertThat(scheduler.queue.peek().at()).as("the next try: at its interval, no re-check burst")
                .isEqualTo(CheckLoopTest.nanos(80));
    }

    // --- real pings, plain JUnit: the socket ways this server refuses are skipped ---

    static PingCheck real(Pinger pinger, String host, int probes, Duration timeout) {
        return new PingCheck("real", host, probes, INTERVAL, timeout, 40, null, () -> pinger);
    }

    static void loopbackAnswersEveryProbe(Pinger pinger) throws Exception {
        Inet4Address loopback = (Inet4Address) InetAddress.getByName("127.0.0.1");
        List<Pinger.Probe> probes = pinger.ping(loopback, 3, Duration.ofSeconds(1));

        assertThat(probes).hasSize(3).allSatisfy(p -> {
            assertThat(p.isAnswered()).isTrue();
            assertThat(p.roundTrip()).isPositive().isLessThan(Duration.ofSeconds(1));
        });
        CheckResult r = real(pinger, "127.0.0.1", 3, Duration.ofSeconds(1)).run();
        assertThat(r.status()).isEqualTo(CheckResult.Status.UP);
        assertThat(r.message()).startsWith("3/3 replies, loss 0%, rtt avg ");
    }

    @Test
    void aRawSocketPingsTheLoopback() throws Exception {
        assumeTrue(LinuxIcmpPinger.refusal(Pinger.Way.RAW).isEmpty(), "no raw ICMP socket here (not root, no CAP_NET_RAW)");
        loopbackAnswersEveryProbe(new LinuxIcmpPinger(Pinger.Way.RAW));
    }

    @Test
    void anUnprivilegedDatagramSocketPingsTheLoopback() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase().contains("linux"), "Linux only");
        assumeTrue(LinuxIcmpPinger.refusal(Pinger.Way.DATAGRAM).isEmpty(),
                "ICMP datagram sockets refused here: " + LinuxIcmpPinger.refusal(Pinger.Way.DATAGRAM).orElse("")
                        + " (net.ipv4.ping_group_range)");
        loopbackAnswersEveryProbe(new LinuxIcmpPinger(Pinger.Way.DATAGRAM));
    }

    @Test
    void concurrentRawPingsEachSeeOnlyTheirOwnReplies() throws Exception {
        assumeTrue(LinuxIcmpPinger.refusal(Pinger.Way.RAW).isEmpty(), "no raw ICMP socket here");
        Pinger raw = new LinuxIcmpPinger(Pinger.Way.RAW);
        List<CheckResult> results = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> results.add(real(raw, "127.0.0.1", 5, Duration.ofSeconds(1)).run()));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(results).hasSize(4).allSatisfy(r -> assertThat(r.message()).startsWith("5/5 replies, loss 0%"));
    }

    /**
     * TEST-NET-2 (RFC 5737), which nothing answers. Not TEST-NET-1's 192.0.2.1: on the build machine that is the
     * default gateway, and it answers.
     */
    @Test
    void aTestNetAddressNeverAnswersWithinProbesTimesTimeout() {
        PingWays.Choice here = PingWays.forThisAgent();
        assumeTrue(here.pinger().way() != Pinger.Way.NONE, here.why());
        long start = System.nanoTime();

        CheckResult r = real(here.pinger(), "198.51.100.1", 3, Duration.ofMillis(300)).run();

        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).isEqualTo(CheckResult.Status.DOWN);
        assertThat(r.message()).startsWith("0/3 replies, loss 100% (over max-loss 40%)");
        // the system ping waits whole seconds (-W 1); a socket exactly the timeout
        long perProbe = here.pinger().way() == Pinger.Way.COMMAND ? 1000 : 300;
        assertThat(tookMs).as("3 probes × their wait, and a little").isLessThan(3 * perProbe + 400);
        if (!r.message().contains(";")) { // no probe failed at once (e.g. no route to it): each waited its timeout
            assertThat(tookMs).isGreaterThanOrEqualTo(3 * perProbe);
        }
        assertThat(r.latencyMs()).as("the run's time").isLessThanOrEqualTo(tookMs);
    }

    @Test
    void theWayChosenHereIsTheFirstThisServerAllows() {
        PingWays.Choice here = PingWays.forThisAgent();
        boolean linux = System.getProperty("os.name", "").toLowerCase().contains("linux");
        assumeTrue(linux, "the socket ways are Linux only");

        if (LinuxIcmpPinger.refusal(Pinger.Way.DATAGRAM).isEmpty()) {
            assertThat(here.pinger().way()).isEqualTo(Pinger.Way.DATAGRAM);
        } else if (LinuxIcmpPinger.refusal(Pinger.Way.RAW).isEmpty()) {
            assertThat(here.pinger().way()).isEqualTo(Pinger.Way.RAW);
            assertThat(here.why()).startsWith("raw ICMP socket (root or CAP_NET_RAW); no ICMP datagram socket: ")
                    .containsPattern("net\\.ipv4\\.ping_group_range is '\\d+ \\d+'");
        } else {
            assertThat(here.pinger().way()).isIn(Pinger.Way.COMMAND, Pinger.Way.NONE);
        }
    }
}
