package io.mihari.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The benchmark's output: the machine, then one Markdown table row per measurement, printed as soon as it is
 * known, and written as a whole to a file at the end (the block for {@code docs/benchmarks.md}).
 */
final class BenchReport {

    private final Path file;
    private final List<String> head = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private List<String> columns = List.of("phase", "what", "result");

    BenchReport(Path file) {
        this.file = file;
    }

    /** The table's column names (default: phase, what, result); a row's result may hold further cells. */
    void columns(String... names) {
        columns = List.of(names);
    }

    void head(String line) {
        head.add(line);
        System.out.println("[bench] " + line);
    }

    synchronized void row(String phase, String what, String result) {
        String row = "| " + phase + " | " + what + " | " + result + " |";
        rows.add(row);
        System.out.println("[bench] " + row);
    }

    synchronized void note(String text) {
        notes.add(text);
        System.out.println("[bench] " + text);
    }

    /** Writes the whole block to the file (bench/ingest.sh prints it at the end). */
    synchronized void write() {
        List<String> block = new ArrayList<>(head);
        block.add("");
        block.add("| " + String.join(" | ", columns) + " |");
        block.add("|" + "---|".repeat(columns.size()));
        block.addAll(rows);
        if (!notes.isEmpty()) {
            block.add("");
            notes.forEach(n -> block.add("- " + n));
        }
        String text = String.join("\n", block) + "\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.println("[bench] results: " + file);
    }

    /** Cores, memory, CPU model, JVM and OS of this machine, in one line. */
    static String machine(Clock clock) {
        long ram = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return String.format(Locale.ROOT, "%s, %d cores (%s), %.1f GiB RAM, %s %s, %s %s",
                LocalDate.now(clock.withZone(ZoneOffset.UTC)), Runtime.getRuntime().availableProcessors(), cpuModel(),
                ram / (1024.0 * 1024 * 1024), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("os.name"),
                System.getProperty("os.version"));
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "CPU model unknown";
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("CPU model unknown");
        } catch (IOException | UncheckedIOException e) {
            return "CPU model unknown";
        }
    }

    /** Nearest-rank percentile of values (any order); NaN when there are none. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** p50 / p95 / max of values in seconds, e.g. {@code p50 1.23 s, p95 1.80 s, max 2.01 s (n = 600)}. */
    static String spread(List<Double> seconds) {
        if (seconds.isEmpty()) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50 %.2f s, p95 %.2f s, max %.2f s (n = %d)", percentile(seconds, 50),
                percentile(seconds, 95), percentile(seconds, 100), seconds.size());
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "n/a" : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }
}
