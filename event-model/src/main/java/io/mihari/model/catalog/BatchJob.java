package io.mihari.model.catalog;

import java.time.Duration;
import java.time.ZoneId;

/**
 * A batch job a service expects to run (バッチ処理), modelled on cron monitors.
 *
 * @param name the job's name as the agent reports it ({@code mihari-agent exec --job NAME})
 * @param targetId {@code tenant/host} of the server that runs it
 * @param schedule a 5-field cron expression (minute hour day-of-month month day-of-week), or null when the
 *        job runs on demand (then only failures and hangs are detected, never a missed run)
 * @param timeZone the zone the schedule is read in
 * @param startWithin grace after the scheduled instant: not started by then = missed
 * @param maxRunTime started but not finished after this long = hung; null = no limit
 */
public record BatchJob(String name, String targetId, String schedule, ZoneId timeZone, Duration startWithin,
        Duration maxRunTime) {
}
