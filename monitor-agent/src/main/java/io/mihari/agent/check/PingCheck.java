package io.mihari.agent.check;

import io.mihari.model.event.CheckResult;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * ICMP ping 死活監視: one run sends {@code probes} echo requests one after the other, each waiting up to
 * {@code timeout} for its reply. UP when at least one probe was answered, the loss is at most {@code maxLossPercent}
 * and (if set) the average round trip at most {@code maxRtt}. The message says the replies, the loss, the average and
 * largest round trip, e.g. {@code 5/5 replies, loss 0%, rtt avg 0.052 ms, max 0.081 ms}; {@code latencyMs} is the
 * average round trip (the run's time when nothing answered).
 *
 * <p>When this agent cannot ping at all ({@link PingWays}), {@link #run()} throws {@link CheckUnavailableException}:
 * no result, never DOWN for the target. IPv4 only for now (a name is resolved to its first IPv4 address).
 *
 * @param pinger how probes are sent ({@link PingWays#forThisAgent()}, asked at the first run)
 */
public record PingCheck(String name, String host, int probes, Duration interval, Duration timeout,
        double maxLossPercent, Duration maxRtt, Supplier<Pinger> pinger) implements Check {

    public PingCheck {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(pinger, "pinger");
    }

    @Override
    public CheckResult.Kind kind() {
        return CheckResult.Kind.PING;
    }

    @Override
    public String target() {
        return host + " (" + probes + " probes)";
    }

    @Override
    public CheckResult run() {
        long start = System.nanoTime();
        Inet4Address address;
        try {
            Optional<InetAddress> v4 = Arrays.stream(InetAddress.getAllByName(host))
                    .filter(a -> a instanceof Inet4Address).findFirst();
            if (v4.isEmpty()) {
                throw new CheckUnavailableException("'" + host + "' has no IPv4 address; ping checks support IPv4"
                        + " only for now");
            }
            address = (Inet4Address) v4.get();
        } catch (UnknownHostException e) {
            return new CheckResult(name, kind(), CheckResult.Status.DOWN, Check.elapsedMs(start),
                    "unknown host " + host, null);
        }
        List<Pinger.Probe> results = pinger.get().ping(address, probes, timeout);
        return judge(results, Check.elapsedMs(start));
    }

    /** The result of a run whose probes saw {@code results} and which took {@code elapsedMs}. */
    CheckResult judge(List<Pinger.Probe> results, long elapsedMs) {
        List<Duration> rtts = results.stream().filter(Pinger.Probe::isAnswered).map(Pinger.Probe::roundTrip).toList();
        int sent = results.size();
        double loss = sent == 0 ? 100 : 100.0 * (sent - rtts.size()) / sent;
        StringBuilder message = new StringBuilder(rtts.size() + "/" + sent + " replies, loss " + percent(loss));
        boolean up = !rtts.isEmpty() && loss <= maxLossPercent;
        long latency = elapsedMs;
        if (!rtts.isEmpty()) {
            long avgNanos = Math.round(rtts.stream().mapToLong(Duration::toNanos).average().orElse(0));
            long maxNanos = rtts.stream().mapToLong(Duration::toNanos).max().orElse(0);
            message.append(", rtt avg ").append(ms(avgNanos)).append(", max ").append(ms(maxNanos));
            latency = Math.round(avgNanos / 1_000_000.0);
            if (maxRtt != null && avgNanos > maxRtt.toNanos()) {
                up = false;
                message.append(" (avg over max-rtt ").append(maxRtt.toMillis()).append(" ms)");
            }
        }
        if (loss > maxLossPercent) {
            message.append(" (over max-loss ").append(percent(maxLossPercent)).append(')');
        }
        results.stream().map(Pinger.Probe::problem).filter(Objects::nonNull).findFirst()
                .ifPresent(problem -> message.append("; ").append(problem));
        return new CheckResult(name, kind(), up ? CheckResult.Status.UP : CheckResult.Status.DOWN, latency,
                message.toString(), null);
    }

    static String percent(double value) {
        return value == Math.rint(value) ? (long) value + "%" : String.format(Locale.ROOT, "%.1f%%", value);
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1_000_000.0);
    }
}
