package io.mihari.agent.resource;

import io.mihari.model.event.Limits;
import io.mihari.model.event.ResourceSample;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

import java.util.List;

/**
 * Samples CPU, load, memory, swap, every local file system and uptime through OSHI, the same way on
 * Linux and Windows. CPU is measured between two successive samples (the first covers a short
 * initial window). Not thread-safe: one sampler per schedule.
 */
public final class ResourceSampler {

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final OperatingSystem os;
    private long[] previousTicks;

    public ResourceSampler() {
        SystemInfo system = new SystemInfo();
        this.processor = system.getHardware().getProcessor();
        this.memory = system.getHardware().getMemory();
        this.os = system.getOperatingSystem();
        this.previousTicks = processor.getSystemCpuLoadTicks();
    }

    public ResourceSample sample() {
        double cpu = 100.0 * processor.getSystemCpuLoadBetweenTicks(previousTicks);
        previousTicks = processor.getSystemCpuLoadTicks();
        double[] load = processor.getSystemLoadAverage(3);
        long total = memory.getTotal();
        long swapTotal = memory.getVirtualMemory().getSwapTotal();
        // the event contract bounds the list and each mount (Limits): the first mounts by name are kept
        List<ResourceSample.Disk> disks = os.getFileSystem().getFileStores(true).stream()
                .filter(store -> store.getTotalSpace() > 0)
                .map(ResourceSampler::disk)
                .sorted(java.util.Comparator.comparing(ResourceSample.Disk::mount))
                .limit(Limits.DISKS)
                .toList();
        return new ResourceSample(clamp(cpu), loadOrNull(load, 0), loadOrNull(load, 1), loadOrNull(load, 2), total,
                total - memory.getAvailable(), swapTotal, memory.getVirtualMemory().getSwapUsed(), disks,
                os.getSystemUptime());
    }

    private static ResourceSample.Disk disk(OSFileStore store) {
        String mount = store.getMount() == null || store.getMount().isEmpty() ? "?" : store.getMount();
        if (mount.codePointCount(0, mount.length()) > Limits.MOUNT) {
            mount = mount.substring(0, mount.offsetByCodePoints(0, Limits.MOUNT));
        }
        return new ResourceSample.Disk(mount, store.getTotalSpace(),
                store.getTotalSpace() - store.getUsableSpace());
    }

    /** OSHI answers a negative value where the OS has no load average (Windows). */
    private static Double loadOrNull(double[] load, int i) {
        return load.length > i && load[i] >= 0 ? load[i] : null;
    }

    private static double clamp(double cpu) {
        return Double.isNaN(cpu) ? 0 : Math.max(0, Math.min(100, cpu));
    }
}
