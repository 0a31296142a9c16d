package io.mihari.alert.incident;

import java.time.Instant;
import java.util.List;

/**
 * One fact of what monitoring last observed of a target, for an automatic status report ("■ 監視で把握している状況").
 * Kept as data, not as a line of text, so that {@link ProblemWords#observation(Observation)} writes it in the
 * reader's language with Japan times, as every other text of a mail.
 */
public sealed interface Observation {

    /** The target observed ({@code tenant/host}). */
    String targetId();

    /** The last heartbeat received from the target. */
    record Heartbeat(String targetId, Instant at) implements Observation {
    }

    /** The latest result of one liveness check: passing or not, the agent's message as it wrote it. */
    record Check(String targetId, String check, boolean up, String message, long latencyMs, Instant at)
            implements Observation {
    }

    /** The latest resource sample: CPU, memory (null when the agent reported no total) and each disk's use. */
    record Resources(String targetId, double cpuPercent, Double memoryPercent, List<Disk> disks, Instant at)
            implements Observation {

        public Resources {
            disks = disks == null ? List.of() : List.copyOf(disks);
        }
    }

    /** A mount's use in percent. */
    record Disk(String mount, double usedPercent) {
    }

    /** Nothing stored of the target. */
    record NoData(String targetId) implements Observation {
    }
}
