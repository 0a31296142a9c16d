package io.mihari.alert.detect;

import io.mihari.model.event.Event;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The instant each event of a target is judged at, kept in the order its agent sent them. An agent numbers its events
 * (the spool's {@code seq}) and delivers them in that order, so an event with a higher seq than the one judged before
 * it, from the same agent, yet dated earlier, says that the agent's wall clock went back (an operator or NTP moved it):
 * it is judged when it was received, never before the one before it. Without that, every check result, sample and
 * status report of the next minutes (as long as the jump) was older than the newest already applied and ignored — a
 * check that recovered meanwhile stayed DOWN, one that failed was not seen. Events dated as usual are judged at their
 * {@code occurredAt}, never later than received (a replay after an outage keeps its real time). Pure logic, no I/O;
 * not thread-safe (used under {@link Detection}'s lock).
 */
final class AgentClocks {

    /** The last event of a target judged: its agent, seq and the instant it was judged at. */
    private record Last(String agentId, long seq, Instant at) {
    }

    private final Map<String, Last> last = new HashMap<>();

    /** The instant to judge {@code event} (no heartbeat: those count at receipt) at, received at {@code receivedAt}. */
    Instant at(Event event, Instant receivedAt) {
        Instant at = event.occurredAt().isAfter(receivedAt) ? receivedAt : event.occurredAt();
        Last before = last.get(event.targetId());
        boolean sameAgent = before != null && before.agentId().equals(event.agentId());
        if (sameAgent && event.seq() > before.seq() && at.isBefore(before.at())) {
            at = receivedAt.isAfter(before.at()) ? receivedAt : before.at().plusMillis(1);
        }
        if (!sameAgent || event.seq() > before.seq()) {
            last.put(event.targetId(), new Last(event.agentId(), event.seq(), at));
        }
        return at;
    }

    /** Forgets the targets whose id matches (watched elsewhere now). */
    void forgetIf(Predicate<String> targetId) {
        last.keySet().removeIf(targetId);
    }
}
