package io.mihari.alert.detect;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.mihari.model.catalog.BatchJob;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Service;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The batch jobs' cron schedules: UNIX 5-field expressions (minute hour day-of-month month day-of-week; when both
 * day fields are restricted either one matches, as in cron), read as wall-clock time in the job's zone.
 *
 * <p>Daylight saving time is handled as Vixie cron / cronie do for jobs at a fixed time: a wall-clock time that
 * does not exist (skipped when the clocks go forward) is due at the instant the clocks jump, and a wall-clock time
 * that occurs twice (when the clocks go back) is due once, at its first occurrence. Several skipped times of one
 * day collapse into that one instant.
 */
public final class BatchSchedules {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, ExecutionTime> PARSED = new ConcurrentHashMap<>();
    /** Where "does it ever match" is asked from, so the answer does not depend on today's date. */
    private static final ZonedDateTime PROBE_FROM = LocalDateTime.of(2000, 1, 1, 0, 0).atZone(ZoneOffset.UTC);

    private BatchSchedules() {
    }

    /**
     * Every job schedule of the catalog that cron cannot use, as {@code services[i].jobs[j].schedule: ...} (the
     * positions of the service in {@code catalog.services()} and of the job in {@code service.jobs()}, which are
     * those of the YAML). Empty when all are valid.
     */
    public static List<String> problems(Catalog catalog) {
        List<String> problems = new ArrayList<>();
        List<Service> services = catalog.services();
        for (int i = 0; i < services.size(); i++) {
            List<BatchJob> jobs = services.get(i).jobs();
            for (int j = 0; j < jobs.size(); j++) {
                String schedule = jobs.get(j).schedule();
                if (schedule == null) {
                    continue;
                }
                String key = "services[" + i + "].jobs[" + j + "].schedule: '" + schedule + "' ";
                try {
                    if (parse(schedule).nextExecution(PROBE_FROM).isEmpty()) {
                        problems.add(key + "never matches a date");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(key + "is not a valid cron expression (" + e.getMessage() + ")");
                }
            }
        }
        return problems;
    }

    /**
     * The first instant strictly after {@code after} at which {@code schedule} is due in {@code zone}; empty when
     * it never is again.
     *
     * @throws IllegalArgumentException when the expression is not valid cron (see {@link #problems(Catalog)})
     */
    public static Optional<Instant> next(String schedule, ZoneId zone, Instant after) {
        ExecutionTime cron = parse(schedule);
        ZoneRules rules = zone.getRules();
        // Work on wall-clock time (cron's view), then map each candidate to the instant it happens.
        ZonedDateTime wallClock = LocalDateTime.ofInstant(after, zone).atZone(ZoneOffset.UTC);
        while (true) {
            Optional<ZonedDateTime> candidate = cron.nextExecution(wallClock);
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            Instant instant = instant(candidate.get().toLocalDateTime(), rules);
            // In a repeated hour, a wall-clock time whose first occurrence is already past is not due again.
            if (instant.isAfter(after)) {
                return Optional.of(instant);
            }
            wallClock = candidate.get();
        }
    }

    private static Instant instant(LocalDateTime local, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        return local.toInstant(offsets.get(0)); // the earlier offset: the first occurrence
    }

    static ExecutionTime parse(String schedule) {
        ExecutionTime cached = PARSED.get(schedule);
        if (cached != null) {
            return cached;
        }
        Cron cron;
        synchronized (PARSER) {
            cron = PARSER.parse(schedule.trim()).validate();
        }
        ExecutionTime executionTime = ExecutionTime.forCron(cron);
        if (PARSED.size() < 10_000) { // catalogs are small; reloads must not grow this without bound
            PARSED.put(schedule, executionTime);
        }
        return executionTime;
    }
}
