package io.mihari.alert.detect;

import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.ComponentType;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failover of a city hall's lines 回線切替: the lines of a carrier's service (targets of component {@code line}) in a
 * redundancy group, e.g. 回線A (Active) and 回線B (Standby). The service stays up while one line carries the traffic,
 * so no incident would say that the pair now runs without its spare; this monitor does. Pure logic, no I/O: it sees
 * the target transitions of the services its instance owns (incident management, keyed by service, sees every
 * member of a group) and the time is always the transition's.
 *
 * <p>One problem per line, keyed {@code Alert.key(lineTargetId, LINE_FAILOVER, null)}
 * ({@code kurashiki/krs-line-a|LINE_FAILOVER}):
 * <ul>
 * <li>a line going DOWN while another member of its group is UP fires a {@link Severity#WARNING} alert, cause
 *     {@link #CAUSE_FAILOVER}, at the transition's instant, naming the line taking the traffic (the first UP member
 *     in catalog order): "回線A障害: 回線Bへ切替" / "Line A failed: traffic on line B";</li>
 * <li>a line going DOWN while no member is UP fires nothing (the pair is down: the service is DOWN and its own
 *     incident says so); if another member comes UP while it is still DOWN, the traffic has moved there, and the
 *     alert fires then, at that instant;</li>
 * <li>the line coming UP again ends its problem (cause {@link #CAUSE_RESTORED}) at that instant. UNKNOWN (no data,
 *     Mihari blind) changes nothing.</li>
 * </ul>
 * A transition older than what is known of its line (replayed after a restart) is ignored; the same transition read
 * again (its signal re-read after incident storage failed) yields the same alerts again, which incident management
 * recognises.
 */
public final class LineFailoverMonitor {

    public static final String CAUSE_FAILOVER = "LINE_FAILOVER";
    public static final String CAUSE_RESTORED = "LINE_RESTORED";
    /** The failed line's name for people, Japanese (回線A) and English (Line A). */
    public static final String LINE_JA = "lineJa";
    public static final String LINE_EN = "lineEn";
    /** The name of the line now carrying the traffic, Japanese (回線B) and English (Line B). */
    public static final String TAKEOVER_JA = "takeoverJa";
    public static final String TAKEOVER_EN = "takeoverEn";
    /** The target id of the line now carrying the traffic. */
    public static final String TAKEOVER = "takeover";

    private static final Pattern LETTERED = Pattern.compile("回線\\s*([A-Za-z0-9０-９Ａ-Ｚ]+)");

    private record Known(TargetStatus status, Instant since) {
    }

    private final Supplier<Catalog> catalog;
    /** serviceId → line targetId → what is known */
    private final Map<String, Map<String, Known>> lines = new HashMap<>();
    /** line targetId → its firing alert */
    private final Map<String, Alert> firing = new HashMap<>();
    /** line targetId → the alert that ended its last failover (said again when its transition is read again) */
    private final Map<String, Alert> ended = new HashMap<>();

    public LineFailoverMonitor(Supplier<Catalog> catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** The alerts a target's transition raises or ends (none for a target that is not a line of a group). */
    public synchronized List<Alert> onTransition(StatusTransition t) {
        if (t.serviceId() == null) {
            return List.of();
        }
        Optional<Service> service = catalog.get().service(t.serviceId());
        Optional<Target> line = service.flatMap(s -> line(s, t.targetId()));
        if (line.isEmpty()) {
            return List.of();
        }
        Map<String, Known> known = lines.computeIfAbsent(t.serviceId(), k -> new HashMap<>());
        Known before = known.get(t.targetId());
        if (before != null && t.at().isBefore(before.since())) {
            return List.of(); // replayed
        }
        known.put(t.targetId(), new Known(t.to(), t.at()));
        List<Target> group = service.get().targets().stream()
                .filter(m -> line.get().redundancyGroup().equals(m.redundancyGroup()) && isLine(m)).toList();
        List<Alert> out = new ArrayList<>();
        if (t.to() == TargetStatus.DOWN) {
            Alert open = firing.get(t.targetId());
            if (open == null) {
                group.stream().filter(m -> !m.id().equals(t.targetId()) && status(known, m) == TargetStatus.UP)
                        .findFirst().ifPresent(takeover -> out.add(fire(line.get(), takeover, t.at())));
            } else if (open.at().equals(t.at())) {
                out.add(open); // the same transition again (its signal read again): the same alert again
            }
        } else if (t.to() == TargetStatus.UP) {
            Alert open = firing.remove(t.targetId());
            if (open != null) {
                Instant when = t.at().isBefore(open.at()) ? open.at() : t.at();
                Alert end = new Alert(open.key(), AlertKind.LINE_FAILOVER, open.severity(), false, open.targetId(),
                        when, CAUSE_RESTORED, open.targetId() + ": line up again", open.facts());
                ended.put(t.targetId(), end);
                out.add(end);
            } else if (ended.containsKey(t.targetId()) && ended.get(t.targetId()).at().equals(t.at())) {
                out.add(ended.get(t.targetId())); // read again
            }
            for (Target other : group) {
                if (other.id().equals(t.targetId()) || status(known, other) != TargetStatus.DOWN) {
                    continue;
                }
                Alert already = firing.get(other.id());
                if (already == null) {
                    out.add(fire(other, line.get(), t.at())); // the pair was down: the traffic is on this line now
                } else if (already.at().equals(t.at()) && t.targetId().equals(already.facts().get(TAKEOVER))) {
                    out.add(already); // read again
                }
            }
        }
        return out;
    }

    private Alert fire(Target failed, Target takeover, Instant at) {
        Map<String, String> facts = Map.of(LINE_JA, nameJa(failed), LINE_EN, nameEn(failed),
                TAKEOVER_JA, nameJa(takeover), TAKEOVER_EN, nameEn(takeover), TAKEOVER, takeover.id());
        Alert alert = new Alert(Alert.key(failed.id(), AlertKind.LINE_FAILOVER, null), AlertKind.LINE_FAILOVER,
                Severity.WARNING, true, failed.id(), at, CAUSE_FAILOVER,
                failed.id() + ": line down, traffic on " + takeover.id(), facts);
        firing.put(failed.id(), alert);
        return alert;
    }

    /**
     * What is stored of a service after a restart or a rebalance (its targets' statuses, as the service status is
     * restored), before its signals are read; emits nothing.
     */
    public synchronized void restore(String serviceId, Map<String, TargetStatus> statuses, Map<String, Instant> since) {
        Map<String, Known> known = lines.computeIfAbsent(serviceId, k -> new HashMap<>());
        statuses.forEach((id, s) -> known.put(id, new Known(s, since.getOrDefault(id, Instant.EPOCH))));
    }

    /**
     * Takes up a failover still open in an incident (its alert key) after a restart, so the line's next UP ends it;
     * keys of other kinds are passed over.
     */
    public synchronized void restoreAlert(String key, Instant since) {
        String[] parts = key.split("\\|", 3);
        if (parts.length != 2 || !AlertKind.LINE_FAILOVER.name().equals(parts[1]) || firing.containsKey(parts[0])) {
            return;
        }
        firing.put(parts[0], new Alert(key, AlertKind.LINE_FAILOVER, Severity.WARNING, true, parts[0], since,
                "RESTORED", "open before a restart"));
    }

    /** The lines whose failover is firing. */
    public synchronized java.util.Set<String> firing() {
        return java.util.Set.copyOf(firing.keySet());
    }

    /** Another instance runs these services now. */
    public synchronized void forget(Collection<String> serviceIds) {
        for (String id : serviceIds) {
            Map<String, Known> known = lines.remove(id);
            if (known != null) {
                known.keySet().forEach(firing::remove);
                known.keySet().forEach(ended::remove);
            }
            catalog.get().service(id).ifPresent(s -> s.targets().forEach(t -> firing.remove(t.id())));
        }
    }

    private static TargetStatus status(Map<String, Known> known, Target t) {
        Known k = known.get(t.id());
        return k == null ? TargetStatus.UNKNOWN : k.status();
    }

    private static Optional<Target> line(Service service, String targetId) {
        return service.targets().stream()
                .filter(t -> t.id().equals(targetId) && isLine(t) && t.redundancyGroup() != null).findFirst();
    }

    private static boolean isLine(Target t) {
        return t.component() == ComponentType.LINE;
    }

    /** 回線A from the role 回線A (Active); the host when the role names no line. */
    static String nameJa(Target t) {
        Matcher m = t.role() == null ? null : LETTERED.matcher(t.role());
        return m != null && m.find() ? "回線" + m.group(1) : t.host();
    }

    /** Line A from the role 回線A (Active); the host when the role names no line. */
    static String nameEn(Target t) {
        Matcher m = t.role() == null ? null : LETTERED.matcher(t.role());
        return m != null && m.find() ? "Line " + m.group(1) : t.host();
    }
}
