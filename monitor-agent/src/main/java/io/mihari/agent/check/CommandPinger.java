package io.mihari.agent.check;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system {@code ping} command, one probe per run: {@code ping -n -c 1 -W <seconds>} on Linux (iputils or
 * busybox), {@code ping -n 1 -w <ms>} on Windows. A probe is answered when the output shows a reply with its time
 * (Windows also exits 0 for "destination host unreachable", so there the reply line's {@code TTL=} is required; its
 * text may be Japanese, e.g. {@code 時間 =1ms TTL=64}, so only the ASCII parts are read).
 */
final class CommandPinger implements Pinger {

    /** Linux: {@code time=0.045 ms} (iputils), {@code time=0.045 ms} (busybox). */
    private static final Pattern LINUX_TIME = Pattern.compile("time[=<]\\s*([0-9]+(?:\\.[0-9]+)?)\\s*ms");
    /** Windows: {@code time=12ms TTL=64}, {@code time<1ms TTL=128}, {@code 時間 =1ms TTL=64}. */
    private static final Pattern WINDOWS_TIME = Pattern.compile("[=<]\\s*([0-9]+)\\s*ms\\s+TTL=",
            Pattern.CASE_INSENSITIVE);

    private final Path command;
    private final boolean windows;

    CommandPinger(Path command, boolean windows) {
        this.command = command;
        this.windows = windows;
    }

    Path command() {
        return command;
    }

    @Override
    public Way way() {
        return Way.COMMAND;
    }

    /** The command line of one probe. */
    List<String> commandLine(Inet4Address target, Duration timeout) {
        String host = target.getHostAddress();
        if (windows) {
            return List.of(command.toString(), "-n", "1", "-w", Long.toString(Math.max(1, timeout.toMillis())), host);
        }
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000); // -W takes whole seconds everywhere
        return List.of(command.toString(), "-n", "-c", "1", "-W", Long.toString(seconds), host);
    }

    @Override
    public List<Probe> ping(Inet4Address target, int probes, Duration timeout) {
        List<Probe> out = new ArrayList<>();
        for (int i = 0; i < probes; i++) {
            out.add(probe(target, timeout));
        }
        return out;
    }

    private Probe probe(Inet4Address target, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(commandLine(target, timeout)).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CheckUnavailableException("cannot start " + command + ": " + Check.describe(e));
        }
        try {
            process.getOutputStream().close();
            // -W/-w bound the wait; the margin covers the command's start; one probe's output fits any pipe
            if (!process.waitFor(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Probe.lost();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return parse(output, process.exitValue(), windows).map(Probe::answered).orElseGet(Probe::lost);
        } catch (IOException e) {
            return Probe.failed(Check.describe(e));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Probe.failed("interrupted");
        }
    }

    /**
     * The round trip one run of the system ping reported, or empty when it saw no reply. {@code <1ms} (Windows) is
     * read as 1 ms, the bound it states.
     */
    static Optional<Duration> parse(String output, int exitCode, boolean windows) {
        if (exitCode != 0) {
            return Optional.empty();
        }
        Matcher m = (windows ? WINDOWS_TIME : LINUX_TIME).matcher(output);
        if (!m.find()) {
            return Optional.empty();
        }
        double ms = Double.parseDouble(m.group(1));
        return Optional.of(Duration.ofNanos(Math.max(1, Math.round(ms * 1_000_000))));
    }
}
