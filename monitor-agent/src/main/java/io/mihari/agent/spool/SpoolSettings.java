package io.mihari.agent.spool;

/**
 * How a {@link Spool} behaves. Processes sharing a folder should use the same settings; each applies its own to
 * its own appends.
 *
 * @param maxBytes        most bytes the segment files may take on disk together. Whole segments are freed, and
 *                        the oldest may still hold delivered records, so between {@code maxBytes - segmentBytes}
 *                        and {@code maxBytes} bytes of undelivered records fit
 * @param whenFull        what an append does when its record does not fit
 * @param syncEveryAppend whether every append and commit is forced to disk before it returns (fsync). Without it a
 *                        crash of the process loses nothing, but a power failure or OS crash can lose the latest
 *                        appends (and their seqs may then be handed out again) or resend some delivered ones
 * @param segmentBytes    size at which the spool starts a new segment file (a record bigger than this gets a
 *                        segment of its own)
 * @param encryption      whether records are encrypted at rest, with which keys
 */
public record SpoolSettings(long maxBytes, Spool.WhenFull whenFull, boolean syncEveryAppend, long segmentBytes,
        SpoolEncryption encryption) {

    /** Largest segment {@link #of} chooses. */
    public static final long MAX_DEFAULT_SEGMENT_BYTES = 16L * 1024 * 1024;

    public SpoolSettings {
        if (maxBytes < 2L * Frames.OVERHEAD) {
            throw new IllegalArgumentException(
                    "maxBytes must be at least " + 2 * Frames.OVERHEAD + ", was " + maxBytes);
        }
        if (whenFull == null) {
            throw new IllegalArgumentException("whenFull must be set");
        }
        if (segmentBytes < 1 || segmentBytes > maxBytes) {
            throw new IllegalArgumentException(
                    "segmentBytes must be between 1 and maxBytes (" + maxBytes + "), was " + segmentBytes);
        }
        if (encryption == null) {
            throw new IllegalArgumentException("encryption must be set (SpoolEncryption.OFF for none)");
        }
    }

    /** Without encryption. */
    public SpoolSettings(long maxBytes, Spool.WhenFull whenFull, boolean syncEveryAppend, long segmentBytes) {
        this(maxBytes, whenFull, syncEveryAppend, segmentBytes, SpoolEncryption.OFF);
    }

    /** Syncing every append, with segments of a quarter of {@code maxBytes} but at most 16 MiB, not encrypting. */
    public static SpoolSettings of(long maxBytes, Spool.WhenFull whenFull) {
        long segmentBytes = Math.max(1, Math.min(maxBytes / 4, MAX_DEFAULT_SEGMENT_BYTES));
        return new SpoolSettings(maxBytes, whenFull, true, segmentBytes);
    }

    public SpoolSettings withSyncEveryAppend(boolean sync) {
        return new SpoolSettings(maxBytes, whenFull, sync, segmentBytes, encryption);
    }

    public SpoolSettings withSegmentBytes(long bytes) {
        return new SpoolSettings(maxBytes, whenFull, syncEveryAppend, bytes, encryption);
    }

    public SpoolSettings withEncryption(SpoolEncryption encryption) {
        return new SpoolSettings(maxBytes, whenFull, syncEveryAppend, segmentBytes, encryption);
    }
}
