package io.mihari.model.event;

import java.util.List;

/**
 * Resource use of a server at one instant (resource monitoring リソース監視).
 *
 * @param cpuPercent CPU busy over the last sampling interval, 0–100 (all cores)
 * @param load1 1-minute load average; null where the OS has none (Windows)
 * @param load5 5-minute load average; null where the OS has none
 * @param load15 15-minute load average; null where the OS has none
 * @param memoryTotalBytes physical memory
 * @param memoryUsedBytes physical memory in use (total − available)
 * @param swapTotalBytes swap / page file size
 * @param swapUsedBytes swap / page file in use
 * @param disks every mounted file system (drive on Windows), at most 128
 * @param uptimeSeconds time since the OS booted
 */
public record ResourceSample(double cpuPercent, Double load1, Double load5, Double load15, long memoryTotalBytes,
        long memoryUsedBytes, long swapTotalBytes, long swapUsedBytes, List<Disk> disks, long uptimeSeconds)
        implements Payload {

    /**
     * One file system.
     *
     * @param mount mount point or drive, e.g. {@code /var} or {@code C:\}
     * @param totalBytes size
     * @param usedBytes in use
     */
    public record Disk(String mount, long totalBytes, long usedBytes) {
        public Disk {
            Limits.requiredText("payload.disks[].mount", mount, Limits.MOUNT);
            Limits.notNegative("payload.disks[].totalBytes", totalBytes);
            Limits.notNegative("payload.disks[].usedBytes", usedBytes);
        }

        /** Percentage in use, 0–100. */
        public double usedPercent() {
            return totalBytes == 0 ? 0 : 100.0 * usedBytes / totalBytes;
        }
    }

    public ResourceSample {
        if (Double.isNaN(cpuPercent) || cpuPercent < 0 || cpuPercent > 100) {
            throw new IllegalArgumentException("payload.cpuPercent must be within 0–100, was " + cpuPercent);
        }
        Limits.notNegative("payload.memoryTotalBytes", memoryTotalBytes);
        Limits.notNegative("payload.memoryUsedBytes", memoryUsedBytes);
        Limits.notNegative("payload.swapTotalBytes", swapTotalBytes);
        Limits.notNegative("payload.swapUsedBytes", swapUsedBytes);
        Limits.notNegative("payload.uptimeSeconds", uptimeSeconds);
        load("payload.load1", load1);
        load("payload.load5", load5);
        load("payload.load15", load15);
        disks = disks == null ? List.of() : List.copyOf(disks);
        if (disks.size() > Limits.DISKS) {
            throw new IllegalArgumentException("payload.disks has more than " + Limits.DISKS + " entries");
        }
    }

    private static void load(String field, Double value) {
        if (value != null && !(value >= 0 && value <= Limits.LOAD)) {
            throw new IllegalArgumentException(field + " must be within 0–" + (long) Limits.LOAD + ", was " + value);
        }
    }
}
