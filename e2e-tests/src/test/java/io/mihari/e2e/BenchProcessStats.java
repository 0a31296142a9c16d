package io.mihari.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What one process costs, sampled from {@code /proc} every second on its own thread (Linux): its resident memory
 * (VmRSS) and its CPU time, and how busy the machine as a whole is. {@link #mark} closes a window (a phase) and
 * opens the next.
 */
final class BenchProcessStats implements AutoCloseable {

    /** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every Linux this runs on). */
    private static final double USER_HZ = 100;

    private final long pid;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-proc-stats");
        t.setDaemon(true);
        return t;
    });
    private long windowMaxRssKb;
    private long maxRssKb;
    private long windowCpuTicks;
    private long windowNanos;
    private long[] windowMachine;
    private int samples;

    /** One phase: the process's largest resident memory, its CPU use and the machine's, from mark to mark. */
    record Window(double seconds, long maxRssKb, double cpuSeconds, double machineBusy, int samples) {
        long maxRssMb() {
            return Math.round(maxRssKb / 1024.0);
        }

        /** Cores the process kept busy on average. */
        double cores() {
            return cpuSeconds / seconds;
        }
    }

    BenchProcessStats(long pid) {
        this.pid = pid;
        reset();
        sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** Ends the current window (with a last sample) and starts the next. */
    synchronized Window mark() {
        sample();
        long[] machine = machineTicks();
        Window w = new Window((System.nanoTime() - windowNanos) / 1e9, windowMaxRssKb,
                (cpuTicks() - windowCpuTicks) / USER_HZ, busy(windowMachine, machine), samples);
        reset();
        return w;
    }

    /** The largest resident memory seen since the start. */
    synchronized long maxRssMb() {
        return Math.round(maxRssKb / 1024.0);
    }

    /** {@code /proc/loadavg}: the 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void reset() {
        windowMaxRssKb = 0;
        samples = 0;
        windowCpuTicks = cpuTicks();
        windowNanos = System.nanoTime();
        windowMachine = machineTicks();
    }

    private synchronized void sample() {
        long rss = rssKb();
        if (rss > 0) {
            samples++;
            windowMaxRssKb = Math.max(windowMaxRssKb, rss);
            maxRssKb = Math.max(maxRssKb, rss);
        }
    }

    /** VmRSS of the process in kB; 0 when it is gone. */
    private long rssKb() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String l : lines) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime of the process in clock ticks (fields 14 and 15 of /proc/pid/stat); 0 when it is gone. */
    private long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {busy, total} clock ticks of all cores (first line of /proc/stat); idle and iowait count as not busy. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** The machine's busy fraction between two readings (NaN when unknown). */
    private static double busy(long[] from, long[] to) {
        long total = to[1] - from[1];
        return total <= 0 ? Double.NaN : (double) (to[0] - from[0]) / total;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
