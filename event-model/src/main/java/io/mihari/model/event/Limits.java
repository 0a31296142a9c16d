package io.mihari.model.event;

/**
 * The bounds of the event contract: every string, list and number of an event has a documented maximum, so one
 * chatty or hostile event cannot clog the pipeline, and the published JSON Schema says the same (a test checks
 * that schema and decoder agree at every bound). Lengths count Unicode code points, as JSON Schema does.
 */
public final class Limits {

    /** Largest record on the event topic, in bytes of UTF-8 (a real event is well below 30 KiB). */
    public static final int EVENT_BYTES = 64 * 1024;
    /** {@code eventId}, {@code payload.runId}. */
    public static final int ID = 128;
    /** Names: tenant, system, host, agentId, check/job/application names ({@link TargetId#NAME}). */
    public static final int NAME = 63;
    /** {@code payload.agentVersion}. */
    public static final int VERSION = 64;
    /** Free text for people: check messages, operating-status messages, gap reasons. */
    public static final int MESSAGE = 2000;
    /** {@code payload.outputTail} of a batch run. */
    public static final int OUTPUT_TAIL = 8192;
    /** {@code payload.disks[].mount}. */
    public static final int MOUNT = 255;
    /** Entries of {@code payload.disks}. */
    public static final int DISKS = 128;
    /** {@code payload.intervalSeconds} of a heartbeat: at most a day. */
    public static final int INTERVAL_SECONDS = 86_400;
    /** Durations in milliseconds (check latency, batch duration): at most a year. */
    public static final long DURATION_MS = 366L * 24 * 3600 * 1000;
    /** {@code payload.certificateDaysLeft}, either way. */
    public static final int CERTIFICATE_DAYS = 36_500;
    /** Load averages. */
    public static final double LOAD = 1_000_000;
    /**
     * Counts, sizes in bytes, sequence numbers: at most 2^53 − 1, the largest integer every JSON reader (a
     * JavaScript dashboard, a validator comparing doubles) holds exactly.
     */
    public static final long COUNT = 9_007_199_254_740_991L;
    /** How much of a rejected value a reason quotes. */
    public static final int QUOTED = 64;

    private Limits() {
    }

    static String text(String field, String value, int max) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
        return value;
    }

    static String requiredText(String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return text(field, value, max);
    }

    static String name(String field, String value) {
        return TargetId.requireName(field, value);
    }

    /** A count or size: 0 to {@link #COUNT}. */
    static long notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        if (value > COUNT) {
            throw new IllegalArgumentException(field + " must be at most " + COUNT + ", was " + value);
        }
        return value;
    }

    static long within(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be within " + min + "–" + max + ", was " + value);
        }
        return value;
    }

    /**
     * A value as a reason may quote it: at most {@link #QUOTED} characters, then how long it really was. A reason
     * never echoes a whole hostile value (a 600 KB agentId once made its dead letter too big to send).
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= QUOTED ? "'" + value + "'"
                : "'" + head(value) + "…' (" + value.length() + " characters)";
    }

    /** Like {@link #quote} without the quotes: for names of things (a JSON field name). */
    public static String abbreviate(String value) {
        return value.length() <= QUOTED ? value : head(value) + "… (" + value.length() + " characters)";
    }

    private static String head(String value) {
        int end = Character.isHighSurrogate(value.charAt(QUOTED - 1)) ? QUOTED - 1 : QUOTED;
        return value.substring(0, end);
    }
}
