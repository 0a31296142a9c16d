package io.mihari.agent.ship;

import io.mihari.agent.config.Identity;
import io.mihari.agent.spool.Spool;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Gap;
import io.mihari.model.event.Payload;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where every event of the agent goes first: the durable spool, which assigns the per-agent sequence
 * number. Events the spool had to drop, and spooled events that could not be read back for delivery (see
 * {@link Spool#peek}), are announced by a GAP event as soon as there is room.
 */
public final class EventSink {

    private static final Logger LOG = Logger.getLogger(EventSink.class);
    /** The reason of the GAP event announcing spooled events that could not be read back. */
    static final String UNREADABLE = "spooled events could not be read back (failed authentication, a key id not in"
            + " the key file, or unencrypted where refused); the agent's log names each segment and seq";

    /** The reason of the GAP event announcing events the disk refused to store (e.g. full). */
    static final String UNWRITTEN = "events could not be written to the spool (is its disk full?)";

    private final Identity identity;
    /** Appends the disk refused, taken from the spool, whose GAP event could not be stored yet. */
    private Spool.Unwritten unannounced;
    /** Drops and unreadable records whose GAP event the disk refused: announced with a later event. */
    private Spool.Dropped unannouncedDropped;
    private Spool.Unreadable unannouncedUnreadable;
    private final Clock clock;
    private final Spool spool;
    private final Runnable onAppend;
    private final AtomicLong rejected = new AtomicLong();
    private final Masking masking;

    public EventSink(Identity identity, Clock clock, Spool spool, Runnable onAppend) {
        this(identity, clock, spool, onAppend, Masking.NONE);
    }

    /** @param masking what is hidden from every event's free text before it is spooled */
    public EventSink(Identity identity, Clock clock, Spool spool, Runnable onAppend, Masking masking) {
        this.masking = masking;
        this.identity = identity;
        this.clock = clock;
        this.spool = spool;
        this.onAppend = onAppend;
    }

    /** Stores the event durably and returns its sequence number; -1 if the full spool refused it (counted). */
    public long emit(Payload payload) {
        return emit(identity, payload);
    }

    /**
     * As {@link #emit(Payload)}, the event speaking for {@code as}: another target of this agent's city a check
     * reports for (a line), under this agent's id and sequence. Gap events always speak for the agent's own server.
     */
    public long emit(Identity as, Payload payload) {
        try {
            long seq = append(as, payload);
            Spool.Losses losses = spool.takeLosses();
            announceDropped(losses.dropped());
            announceUnreadable(losses.unreadable());
            announceUnwritten(losses.unwritten());
            onAppend.run();
            return seq;
        } catch (Spool.SpoolFullException e) {
            rejected.incrementAndGet();
            LOG.warnf("spool full, event refused: %s", e.getMessage());
            return -1;
        } catch (Spool.SpoolWriteException e) {
            // e.g. the disk is full: counted by the spool and announced by a GAP event once there is room again
            rejected.incrementAndGet();
            LOG.warnf("event lost: %s", e.getMessage());
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the spool " + spool.dir(), e);
        }
    }

    /**
     * Announces the events a full spool dropped by a GAP event; when the disk refuses that GAP, the loss is kept and
     * announced with a later event (the event just stored stays stored: its seq is returned, not -1).
     */
    private synchronized void announceDropped(Optional<Spool.Dropped> taken) throws IOException {
        Spool.Dropped d = taken.map(t -> unannouncedDropped == null ? t : unannouncedDropped.plus(t))
                .orElse(unannouncedDropped);
        if (d == null) {
            return;
        }
        unannouncedDropped = d;
        LOG.warnf("spool was full: %d events lost (seq %d..%d)", d.count(), d.firstSeq(), d.lastSeq());
        try {
            append(identity, new Gap(d.count(), d.firstSeq(), d.lastSeq(), "spool full (" + spool.maxBytes()
                    + " bytes, policy " + spool.whenFull() + ")"));
            unannouncedDropped = null;
        } catch (Spool.SpoolWriteException | Spool.SpoolFullException e) {
            LOG.warnf("the GAP event announcing them could not be stored; it goes with the next event");
        }
    }

    /** As {@link #announceDropped} for spooled events that could not be read back. */
    private synchronized void announceUnreadable(Optional<Spool.Unreadable> taken) throws IOException {
        Spool.Unreadable u = taken.map(t -> unannouncedUnreadable == null ? t : unannouncedUnreadable.plus(t))
                .orElse(unannouncedUnreadable);
        if (u == null) {
            return;
        }
        unannouncedUnreadable = u;
        LOG.errorf("%d spooled events (seq %d..%d) could not be read back and were not sent", u.count(),
                u.firstSeq(), u.lastSeq());
        try {
            append(identity, new Gap(u.count(), u.firstSeq(), u.lastSeq(), UNREADABLE));
            unannouncedUnreadable = null;
        } catch (Spool.SpoolWriteException | Spool.SpoolFullException e) {
            LOG.warnf("the GAP event announcing them could not be stored; it goes with the next event");
        }
    }

    /**
     * Announces the appends the disk refused by a GAP event; when that cannot be stored either, they are announced
     * with the next event (the failed GAP's own seq then counts among them).
     */
    private synchronized void announceUnwritten(Optional<Spool.Unwritten> taken) throws IOException {
        Spool.Unwritten u = taken.map(t -> unannounced == null ? t : unannounced.plus(t)).orElse(unannounced);
        if (u == null) {
            return;
        }
        unannounced = u;
        LOG.warnf("%d events (seq %d..%d) could not be written to the spool (%s) and are lost", u.count(),
                u.firstSeq(), u.lastSeq(), u.error());
        try {
            String error = u.error().length() > 500 ? u.error().substring(0, 500) + "…" : u.error();
            append(identity, new Gap(u.count(), u.firstSeq(), u.lastSeq(), UNWRITTEN + " (" + error + ")"));
            unannounced = null;
        } catch (Spool.SpoolWriteException e) {
            LOG.warnf("the GAP event announcing them could not be stored either; it goes with the next event");
        }
    }

    public long rejectedCount() {
        return rejected.get();
    }

    private long append(Identity as, Payload unmasked) throws IOException {
        Payload payload = masking.apply(unmasked); // before it is written anywhere, even to this server's disk
        return spool.append(seq -> EventCodec.encode(event(as, clock.instant(), seq, payload)));
    }

    /** The envelope of one event {@code identity} sends (a new random id each time). */
    public static Event event(Identity identity, java.time.Instant at, long seq, Payload payload) {
        return new Event(UUID.randomUUID().toString(), Event.SCHEMA_VERSION, EventType.of(payload), at,
                identity.tenant(), identity.system(), identity.host(), identity.agentId(), seq, payload);
    }
}
