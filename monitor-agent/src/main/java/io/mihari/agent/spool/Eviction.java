package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Dropped;
import io.mihari.agent.spool.Spool.WhenFull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to free so that a new record fits in {@link SpoolSettings#maxBytes()}: the oldest segments, delivered ones
 * first by nature (they are the oldest). Undelivered records in them are dropped and counted with
 * {@link WhenFull#DROP_OLDEST}; with {@link WhenFull#REJECT_NEW} reaching one means the new record is refused.
 * Apply it by storing {@link #state} first, then deleting {@link #freed}: a crash in between leaves only segments
 * wholly before the committed position, which the next open deletes.
 *
 * @param state    the state to store: committed position moved past dropped records, losses counted
 * @param freed    starts of the segments to delete, oldest first
 * @param dropped  the undelivered records this eviction drops, or the refused one
 * @param rejected whether the new record is refused
 */
record Eviction(SpoolState state, List<Long> freed, Optional<Dropped> dropped, boolean rejected) {

    Eviction {
        freed = List.copyOf(freed);
        if (rejected && dropped.isEmpty()) {
            throw new IllegalArgumentException("a refused record counts as dropped");
        }
    }

    /** Whether anything is to be stored or deleted. */
    boolean changes(SpoolState current) {
        return rejected || !freed.isEmpty() || !state.equals(current);
    }

    /** The eviction that makes room for a {@code frameBytes} frame with {@code seq}; nothing when it fits. */
    static Eviction plan(SpoolSettings settings, Segments segments, SpoolState state, long seq, long frameBytes)
            throws IOException {
        long diskBytes = segments.diskBytes();
        SpoolState next = state;
        Optional<Dropped> dropped = Optional.empty();
        List<Long> freed = new ArrayList<>();
        for (Map.Entry<Long, Long> segment : segments.live().entrySet()) {
            if (diskBytes + frameBytes <= settings.maxBytes()) {
                break;
            }
            long start = segment.getKey();
            long end = start + segment.getValue();
            if (end > next.committed()) {
                if (settings.whenFull() == WhenFull.REJECT_NEW) {
                    Dropped refused = new Dropped(1, seq, seq);
                    return new Eviction(next.withLastSeq(seq).withDropped(refused), freed, Optional.of(refused), true);
                }
                Segments.Summary lost = segments.summarize(start, next.committed());
                if (lost.records() > 0) {
                    Dropped these = new Dropped(lost.records(), lost.firstSeq(), lost.lastSeq());
                    next = next.withDropped(these);
                    dropped = Optional.of(dropped.map(these::plus).orElse(these));
                }
                next = next.withCommitted(end);
            }
            freed.add(start);
            diskBytes -= segment.getValue();
        }
        return new Eviction(next, freed, dropped, false);
    }
}
