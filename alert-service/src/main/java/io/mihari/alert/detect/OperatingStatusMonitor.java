package io.mihari.alert.detect;

import io.mihari.model.event.OperatingStatus;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The operating status 稼働状況 an application reports of itself (OPERATING_STATUS events): a server can answer
 * its heartbeats and checks while the application on it says it is degraded (縮退) or stopped (停止中), and only the
 * application knows. Pure logic, no I/O; time is always the event's instant as passed in.
 *
 * <p>One problem per target and application, keyed {@code Alert.key(targetId, OPERATING_STATUS, application)}:
 * <ul>
 * <li>DEGRADED fires with severity {@link Severity#WARNING}, cause {@code OPERATING_DEGRADED}; STOPPED fires with
 *     {@link Severity#MAJOR}, cause {@code OPERATING_STOPPED}, at the report's instant. A report repeating the
 *     status of the firing problem adds nothing; a change between DEGRADED and STOPPED fires again with the new
 *     severity (the same problem, updated), at the new report's instant.</li>
 * <li>RUNNING ends the problem (not firing, the severity it had, cause {@code OPERATING_RUNNING}), at the report's
 *     instant; RUNNING without a problem raises nothing.</li>
 * <li>Reports are applied in order per target and application: one not newer than the newest already applied
 *     (replayed from an agent's spool, or delivered twice) is ignored.</li>
 * </ul>
 * The status is not a target's liveness: it never makes a target DOWN (the application may say so while the server
 * is fine, and the server may be down while the application cannot say anything).
 */
public final class OperatingStatusMonitor {

    public static final String CAUSE_DEGRADED = "OPERATING_DEGRADED";
    public static final String CAUSE_STOPPED = "OPERATING_STOPPED";
    public static final String CAUSE_RUNNING = "OPERATING_RUNNING";

    private static final class Watch {
        Instant newest;
        /** the firing problem, or null while the application runs */
        Alert firing;
        OperatingStatus.Status status;
    }

    /** targetId → application → watch */
    private final Map<String, Map<String, Watch>> targets = new HashMap<>();

    /**
     * Applies one report of {@code targetId}, made at {@code at}.
     *
     * @return the alert it raised, changed or ended, if any
     */
    public synchronized Optional<Alert> onStatus(String targetId, OperatingStatus report, Instant at) {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(at, "at");
        Watch watch = targets.computeIfAbsent(targetId, k -> new HashMap<>())
                .computeIfAbsent(report.application(), k -> new Watch());
        if (watch.newest != null && !at.isAfter(watch.newest)) {
            return Optional.empty(); // replayed or duplicate
        }
        watch.newest = at;
        String key = Alert.key(targetId, AlertKind.OPERATING_STATUS, report.application());
        String said = report.message() == null || report.message().isBlank() ? "" : ": " + report.message();
        if (report.status() == OperatingStatus.Status.RUNNING) {
            if (watch.firing == null) {
                return Optional.empty();
            }
            Alert open = watch.firing;
            watch.firing = null;
            watch.status = null;
            Instant when = at.isBefore(open.at()) ? open.at() : at;
            return Optional.of(new Alert(key, AlertKind.OPERATING_STATUS, open.severity(), false, targetId, when,
                    CAUSE_RUNNING, targetId + ": application " + report.application() + " reports RUNNING" + said,
                    facts(report)));
        }
        if (watch.firing != null && watch.status == report.status()) {
            return Optional.empty(); // still so: the same problem
        }
        boolean stopped = report.status() == OperatingStatus.Status.STOPPED;
        watch.status = report.status();
        watch.firing = new Alert(key, AlertKind.OPERATING_STATUS, stopped ? Severity.MAJOR : Severity.WARNING, true,
                targetId, at, stopped ? CAUSE_STOPPED : CAUSE_DEGRADED,
                targetId + ": application " + report.application() + " reports " + report.status() + said,
                facts(report));
        return Optional.of(watch.firing);
    }

    /** What the words for people need besides key and cause: the application's own message. */
    private static Map<String, String> facts(OperatingStatus report) {
        return report.message() == null || report.message().isBlank() ? Map.of()
                : Map.of(Alert.MESSAGE, report.message());
    }

    /**
     * Takes up a problem still open in an incident after a restart, before events are consumed: the application is
     * taken as DEGRADED since {@code since} (the incident does not keep the status), so its next RUNNING ends the
     * problem, and a STOPPED report escalates it. Reports not newer than {@code since} are ignored afterwards. An
     * application that already has reports is not touched.
     */
    public synchronized void restore(String targetId, String application, Instant since) {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(since, "since");
        Map<String, Watch> apps = targets.computeIfAbsent(targetId, k -> new HashMap<>());
        if (apps.containsKey(application)) {
            return;
        }
        Watch watch = new Watch();
        watch.newest = since;
        watch.status = OperatingStatus.Status.DEGRADED;
        watch.firing = new Alert(Alert.key(targetId, AlertKind.OPERATING_STATUS, application),
                AlertKind.OPERATING_STATUS, Severity.WARNING, true, targetId, since, "RESTORED",
                "open before a restart");
        apps.put(application, watch);
    }

    /** The applications of {@code targetId} whose problem is firing, with the status they last reported. */
    public synchronized Map<String, OperatingStatus.Status> firing(String targetId) {
        Map<String, OperatingStatus.Status> out = new HashMap<>();
        targets.getOrDefault(targetId, Map.of()).forEach((app, w) -> {
            if (w.firing != null) {
                out.put(app, w.status);
            }
        });
        return out;
    }

    /** Drops everything known about every target whose id matches; nothing is emitted. */
    public synchronized void forgetIf(Predicate<String> targetId) {
        targets.keySet().removeIf(targetId);
    }
}
