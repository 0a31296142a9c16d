package io.mihari.dashboard.availability;

import io.mihari.dashboard.auth.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The target transitions of the month so far, kept in memory and checked against OpenSearch on every use
 * (docs/availability.md, "Month so far"): what {@link AvailabilityReader#transitions} would read, without reading
 * every transition of the month each time.
 * <p>
 * Each use asks OpenSearch for every asked service's {@link AvailabilityReader.Fingerprint} (one aggregation, no
 * document fetched) and reads again — in full, starting states included — only the services whose fingerprint is not
 * the one their kept transitions were read under. A stored transition is only ever added (its id is target|to|at, a
 * repeated write leaves the same document), so any new one — a late one with an old instant included, one before
 * the month that changes a starting state — changes the count; nothing is trusted that OpenSearch does not confirm
 * at that moment. The fingerprint is taken before the read, both with the same search preference (the same shard
 * copies): a transition stored in between is read and the next check reads the service again, never the reverse.
 * <p>
 * What it hands out is filtered to what the full read would give ({@code at < until}), so the figures computed from
 * it are the full computation's, to the millisecond ({@code MonthSoFarEqualityTest}).
 */
@ApplicationScoped
public class MonthSoFarTransitions {

    private static final Logger LOG = Logger.getLogger(MonthSoFarTransitions.class);
    /** Every search of the store goes to the same shard copies (fingerprint and read agree with each other). */
    static final String PREFERENCE = "mihari-month-so-far";
    /** Ranges kept (a month and, around its turn, the next; or two time-zone spans). */
    private static final int RANGES = 2;

    private record Key(Instant from, Instant to) {
    }

    /** One read range: per service, its transitions as last read and the fingerprint they were read under. */
    private static final class Range {
        final Map<String, AvailabilityReader.Fingerprint> fingerprints = new HashMap<>();
        final Map<String, List<AvailabilityReader.Loaded>> transitions = new HashMap<>();
    }

    private final AvailabilityReader reader;
    private final Map<Key, Range> ranges = new LinkedHashMap<>(4, 0.75f, true);
    private final AtomicLong servicesRead = new AtomicLong();
    private final AtomicLong servicesAppended = new AtomicLong();
    private final AtomicLong checks = new AtomicLong();

    MonthSoFarTransitions(AvailabilityReader reader) {
        this.reader = reader;
    }

    /**
     * Every target transition of these services in [from, until), plus each target's last one before {@code from}:
     * what {@code reader.transitions(scope, serviceIds, from, until)} returns, as a set.
     *
     * @param to the end of the month range (the widest over the services' time zones); transitions in
     *        [until, to) are kept but not handed out
     */
    public synchronized List<AvailabilityReader.Loaded> transitions(Scope scope, Set<String> serviceIds, Instant from,
            Instant to, Instant until) {
        Range range = ranges.computeIfAbsent(new Key(from, to), k -> new Range());
        while (ranges.size() > RANGES) {
            ranges.remove(ranges.keySet().iterator().next());
        }
        checks.incrementAndGet();
        Map<String, AvailabilityReader.Fingerprint> now = reader.fingerprints(scope, serviceIds, from, to, PREFERENCE);
        Set<String> stale = new LinkedHashSet<>();
        for (String id : serviceIds) {
            AvailabilityReader.Fingerprint f = now.get(id);
            if (!range.transitions.containsKey(id) || !f.equals(range.fingerprints.get(id))) {
                stale.add(id);
            }
        }
        appendTails(scope, range, stale, now, from, to);
        if (!stale.isEmpty()) {
            Map<String, List<AvailabilityReader.Loaded>> read = new HashMap<>();
            stale.forEach(id -> read.put(id, new ArrayList<>()));
            for (AvailabilityReader.Loaded l : reader.transitions(scope, stale, from, to, PREFERENCE)) {
                List<AvailabilityReader.Loaded> list = read.get(l.serviceId());
                if (list != null) {
                    list.add(l);
                }
            }
            read.forEach((id, list) -> {
                range.transitions.put(id, List.copyOf(list));
                range.fingerprints.put(id, now.get(id));
            });
            servicesRead.addAndGet(stale.size());
            if (stale.size() > 1 || LOG.isDebugEnabled()) {
                LOG.debugf("month so far %s–%s: read %d of %d services again", from, to, stale.size(),
                        serviceIds.size());
            }
        }
        List<AvailabilityReader.Loaded> out = new ArrayList<>();
        long untilMs = until.toEpochMilli();
        for (String id : serviceIds) {
            for (AvailabilityReader.Loaded l : range.transitions.get(id)) {
                if (l.transition().at().toEpochMilli() < untilMs) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /**
     * Brings up to date, by reading only their tails, the stale services whose stored transitions can only have grown
     * at their end: the same starting states (count and latest instant before the month unchanged) and more in the
     * range. For each, every transition at or after the last instant it was read under is read; the kept ones before
     * that instant plus these are its transitions now exactly when the tail holds every new one, i.e. when the tail
     * has as many more than the kept ones at or after that instant as the range's count grew. Transitions are only
     * ever added, so then nothing can be missing (a late one with an older instant would leave the count short);
     * otherwise — or when one arrived after the fingerprint, making the tail too long — the service stays stale and
     * is read in full. Those brought up to date are taken out of {@code stale}.
     */
    private void appendTails(Scope scope, Range range, Set<String> stale,
            Map<String, AvailabilityReader.Fingerprint> now, Instant from, Instant to) {
        Map<String, Instant> since = new LinkedHashMap<>();
        for (String id : stale) {
            AvailabilityReader.Fingerprint was = range.fingerprints.get(id);
            AvailabilityReader.Fingerprint is = now.get(id);
            if (was != null && range.transitions.containsKey(id) && is.before() == was.before()
                    && Double.compare(is.beforeLast(), was.beforeLast()) == 0 && is.inRange() > was.inRange()
                    && (was.inRange() == 0 || Double.isFinite(was.last()))) {
                Instant last = was.inRange() == 0 ? from : Instant.ofEpochMilli((long) was.last());
                since.put(id, last.isBefore(from) ? from : last);
            }
        }
        if (since.isEmpty()) {
            return;
        }
        Map<String, List<AvailabilityReader.Loaded>> tails = new HashMap<>();
        for (AvailabilityReader.Loaded l : reader.transitionsSince(scope, since, to, PREFERENCE)) {
            tails.computeIfAbsent(l.serviceId(), k -> new ArrayList<>()).add(l);
        }
        since.forEach((id, instant) -> {
            long sinceMs = instant.toEpochMilli();
            List<AvailabilityReader.Loaded> kept = range.transitions.get(id);
            List<AvailabilityReader.Loaded> tail = tails.getOrDefault(id, List.of());
            long keptInTail = kept.stream().filter(l -> l.transition().at().toEpochMilli() >= sinceMs).count();
            long grown = now.get(id).inRange() - range.fingerprints.get(id).inRange();
            if (tail.size() - keptInTail != grown) {
                return;
            }
            // the kept ones before the tail (starting states first, then the range by instant), then the tail
            List<AvailabilityReader.Loaded> merged = new ArrayList<>(kept.size() + tail.size());
            for (AvailabilityReader.Loaded l : kept) {
                if (l.transition().at().toEpochMilli() < sinceMs) {
                    merged.add(l);
                }
            }
            merged.addAll(tail);
            if (!matches(merged, now.get(id), from)) {
                return; // e.g. a late transition and another one after the fingerprint: read in full
            }
            range.transitions.put(id, List.copyOf(merged));
            range.fingerprints.put(id, now.get(id));
            stale.remove(id);
            servicesAppended.incrementAndGet();
        });
    }

    /**
     * Whether the transitions of a service in [from, …) are exactly what its fingerprint counts: as many, with the
     * same sum, first and last instant (epoch ms; sums of such instants stay exact in a double). A tail that made up
     * for a missing late transition with one stored after the fingerprint fails here.
     */
    static boolean matches(List<AvailabilityReader.Loaded> transitions, AvailabilityReader.Fingerprint f,
            Instant from) {
        long fromMs = from.toEpochMilli();
        long count = 0;
        long sum = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (AvailabilityReader.Loaded l : transitions) {
            long at = l.transition().at().toEpochMilli();
            if (at >= fromMs) {
                count++;
                sum += at;
                first = Math.min(first, at);
                last = Math.max(last, at);
            }
        }
        if (count == 0) {
            return f.inRange() == 0;
        }
        return count == f.inRange() && Double.compare((double) sum, f.sum()) == 0
                && Double.compare((double) first, f.first()) == 0 && Double.compare((double) last, f.last()) == 0;
    }

    /** Services brought up to date by reading only their new transitions (see {@link #appendTails}). */
    public long servicesAppended() {
        return servicesAppended.get();
    }

    /** Services read from OpenSearch so far (in full: starting states and the range's transitions). */
    public long servicesRead() {
        return servicesRead.get();
    }

    /** Checks against OpenSearch so far (one per use). */
    public long checks() {
        return checks.get();
    }

    /** Forgets everything kept (the next use reads every service again). */
    public synchronized void clear() {
        ranges.clear();
    }
}
