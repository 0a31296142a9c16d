package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A linkage file 連携ファイル a service expects: a file one system places for another (e.g. the resident records'
 * daily changes for the welfare system), watched by the agent on {@code host}. It must have arrived by each
 * scheduled instant of {@code schedule} (read like a batch job's: zone, {@code on}, {@code shift}, business
 * calendar), counting the arrivals since the previous scheduled instant.
 *
 * @param name the watch's name, as the agent's {@code files[].name} and the events' {@code payload.file}
 * @param targetId {@code tenant/host} of the server the file is placed on
 * @param pattern where it appears: an absolute path whose file name may hold {@code *} and {@code ?} (one
 *        directory, no recursion), e.g. {@code /data/renkei/out/IDO_*.csv}
 * @param schedule a 5-field cron expression: the deadlines by which the file must be there
 * @param timeZone the zone the schedule is read in
 * @param on which dates the cron times apply to ({@link BatchDays})
 * @param shift what happens to a cron date that is not a business day ({@link BatchShift})
 * @param calendar the business calendar {@code on} and {@code shift} are read on
 * @param minBytes the smallest size that is not "empty" (default 1)
 * @param checksum {@code sha256} when a sidecar {@code <file>.sha256} with the digest comes with it; null otherwise
 */
public record LinkageFile(String name, String targetId, String pattern, String schedule, ZoneId timeZone,
        BatchDays on, BatchShift shift, BusinessCalendar calendar, long minBytes, String checksum) {

    /** The only checksum the catalog knows: a sidecar file {@code <file>.sha256} holding the SHA-256 in hex. */
    public static final String SHA256 = "sha256";

    public LinkageFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(targetId, "targetId");
        on = Objects.requireNonNullElse(on, BatchDays.EVERY_DAY);
        shift = Objects.requireNonNullElse(shift, BatchShift.NONE);
        calendar = Objects.requireNonNullElse(calendar, BusinessCalendar.JAPAN);
    }

    /**
     * The deadlines as a job's schedule, so {@link BatchSchedules#next(BatchJob, java.time.Instant)} computes them
     * exactly as for jobs (no grace: the file is due by the scheduled instant itself).
     */
    public BatchJob deadlines() {
        return new BatchJob(name, targetId, schedule, timeZone, Duration.ZERO, null, on, shift, calendar);
    }

    /** {@code on: businessDays}, {@code shift: nextBusinessDay}; empty for plain cron. */
    public String calendarRule() {
        return deadlines().calendarRule();
    }
}
