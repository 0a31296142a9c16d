package io.mihari.model.availability;

import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;
import io.mihari.model.status.ServiceStatusRule;
import io.mihari.model.status.ServiceStatusRule.ServiceStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A service's status over {@code [from, to)}, swept from its targets' transitions: segments of constant status
 * (and, while DOWN or UNKNOWN, constant set of targets behind it). Sorting the events is O(n log n); each instant's
 * batch is applied as a whole and then evaluated once with {@link ServiceStatusRule}.
 */
final class StatusTimeline {

    /**
     * A span of constant service status.
     *
     * @param targets DOWN: the targets that are DOWN; UNKNOWN: those without data; otherwise empty (sorted ids)
     * @param causes the causes of the transitions that put those targets in that state (sorted, distinct)
     */
    record Segment(long start, long end, ServiceStatus status, List<String> targets, List<String> causes) {
    }

    private static final int TRANSITION = 0;
    private static final int MAINTENANCE_START = 1;
    private static final int MAINTENANCE_END = 2;

    /** Of several transitions of one target at one instant, the one ranked highest is applied last (wins). */
    private static int rank(String status) {
        return switch (status) {
            case TargetTransition.UNKNOWN -> 0;
            case TargetTransition.UP -> 1;
            default -> 2; // DOWN wins a tie: never over-report availability
        };
    }

    private record Event(long at, String targetId, int target, int type, String to, String cause) {
    }

    private static final Comparator<Event> ORDER = Comparator.comparingLong(Event::at)
            .thenComparing(Event::targetId)
            .thenComparingInt(Event::type)
            .thenComparingInt(e -> e.to() == null ? -1 : rank(e.to()))
            .thenComparing(Event::cause, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final List<Segment> segments;

    private StatusTimeline(List<Segment> segments) {
        this.segments = segments;
    }

    List<Segment> segments() {
        return segments;
    }

    /** The status in effect just before {@code to}; null when the range is empty. */
    ServiceStatus last() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1).status();
    }

    /** The spans in which the service had {@code status}. */
    long[] spans(ServiceStatus status) {
        Spans.Builder out = new Spans.Builder();
        for (Segment s : segments) {
            if (s.status() == status) {
                out.add(s.start(), s.end());
            }
        }
        return out.build();
    }

    /**
     * @param transitions every transition of the service's targets up to {@code to} (later ones and those of
     *        targets not in the service are ignored); the last one at or before {@code from} gives a target's state
     *        at {@code from}, and a target with none is UNKNOWN
     * @param maintenanceByTarget per target id, the spans in which a target-scoped maintenance window makes it
     *        count as UP
     */
    static StatusTimeline sweep(Service service, List<TargetTransition> transitions,
            Map<String, long[]> maintenanceByTarget, long from, long to) {
        if (to <= from) {
            return new StatusTimeline(List.of());
        }
        // only the targets the rule judges on: a test or temporary target's transitions change nothing (and it is
        // never named on a line of its production service)
        List<Target> targets = service.statusTargets();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            index.putIfAbsent(targets.get(i).id(), i);
        }
        int n = targets.size();
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = targets.get(i).id();
        }
        Integer[] byId = new Integer[n];
        for (int i = 0; i < n; i++) {
            byId[i] = i;
        }
        Arrays.sort(byId, Comparator.comparing(i -> ids[i]));

        List<Event> events = new ArrayList<>(transitions.size());
        for (TargetTransition t : transitions) {
            Integer i = index.get(t.targetId());
            long at = t.at().toEpochMilli();
            if (i != null && at < to) {
                events.add(new Event(at, t.targetId(), i, TRANSITION, t.to(), t.cause()));
            }
        }
        maintenanceByTarget.forEach((targetId, spans) -> {
            Integer i = index.get(targetId);
            if (i == null) {
                return;
            }
            for (int k = 0; k < spans.length; k += 2) {
                long start = Math.max(spans[k], from);
                long end = Math.min(spans[k + 1], to);
                if (start < end) {
                    events.add(new Event(start, targetId, i, MAINTENANCE_START, null, null));
                    events.add(new Event(end, targetId, i, MAINTENANCE_END, null, null));
                }
            }
        });
        events.sort(ORDER);

        String[] raw = new String[n];
        String[] effective = new String[n];
        String[] cause = new String[n];
        boolean[] inMaintenance = new boolean[n];
        Map<String, String> statusById = new HashMap<>();
        for (int i = 0; i < n; i++) {
            raw[i] = TargetTransition.UNKNOWN;
            effective[i] = TargetTransition.UNKNOWN;
            statusById.put(ids[i], TargetTransition.UNKNOWN);
        }

        // ServiceStatusRule is a pure function of the targets' statuses, and a month revisits few combinations:
        // evaluate each combination once (keyed by one character per target)
        char[] code = new char[n];
        Arrays.fill(code, '?');
        Map<String, ServiceStatus> evaluated = new HashMap<>();

        List<Segment> segments = new ArrayList<>();
        int e = 0;
        while (e < events.size() && events.get(e).at() <= from) {
            apply(events.get(e++), raw, effective, cause, inMaintenance, statusById, ids, code);
        }
        ServiceStatus status = evaluated.computeIfAbsent(new String(code),
                k -> ServiceStatusRule.evaluate(service, statusById));
        long start = from;
        List<String> segTargets = involved(status, effective, byId, ids);
        List<String> segCauses = causes(status, effective, cause, byId);
        while (e < events.size()) {
            long at = events.get(e).at();
            boolean changed = false;
            while (e < events.size() && events.get(e).at() == at) {
                changed |= apply(events.get(e++), raw, effective, cause, inMaintenance, statusById, ids, code);
            }
            if (!changed) {
                continue;
            }
            ServiceStatus next = evaluated.computeIfAbsent(new String(code),
                    k -> ServiceStatusRule.evaluate(service, statusById));
            List<String> nextTargets = involved(next, effective, byId, ids);
            List<String> nextCauses = causes(next, effective, cause, byId);
            if (next != status || !nextTargets.equals(segTargets) || !nextCauses.equals(segCauses)) {
                segments.add(new Segment(start, at, status, segTargets, segCauses));
                start = at;
                status = next;
                segTargets = nextTargets;
                segCauses = nextCauses;
            }
        }
        segments.add(new Segment(start, to, status, segTargets, segCauses));
        return new StatusTimeline(List.copyOf(segments));
    }

    /** Applies one event; whether the target's effective status changed. */
    private static boolean apply(Event event, String[] raw, String[] effective, String[] cause,
            boolean[] inMaintenance, Map<String, String> statusById, String[] ids, char[] code) {
        int i = event.target();
        switch (event.type()) {
            case TRANSITION -> {
                if (!raw[i].equals(event.to())) {
                    raw[i] = event.to();
                    cause[i] = event.cause();
                }
            }
            case MAINTENANCE_START -> inMaintenance[i] = true;
            default -> inMaintenance[i] = false;
        }
        String now = inMaintenance[i] ? TargetTransition.UP : raw[i];
        if (now.equals(effective[i])) {
            return false;
        }
        effective[i] = now;
        statusById.put(ids[i], now);
        code[i] = switch (now) {
            case TargetTransition.UP -> '+';
            case TargetTransition.DOWN -> '-';
            default -> '?';
        };
        return true;
    }

    private static String stateOf(ServiceStatus status) {
        return switch (status) {
            case DOWN -> TargetTransition.DOWN;
            case UNKNOWN -> TargetTransition.UNKNOWN;
            default -> null;
        };
    }

    private static List<String> involved(ServiceStatus status, String[] effective, Integer[] byId, String[] ids) {
        String state = stateOf(status);
        if (state == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i : byId) {
            if (state.equals(effective[i])) {
                out.add(ids[i]);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> causes(ServiceStatus status, String[] effective, String[] cause, Integer[] byId) {
        String state = stateOf(status);
        if (state == null) {
            return List.of();
        }
        TreeSet<String> out = new TreeSet<>();
        for (int i : byId) {
            if (state.equals(effective[i]) && cause[i] != null && !cause[i].isBlank()) {
                out.add(cause[i]);
            }
        }
        return List.copyOf(out);
    }
}
