package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Dropped;
import io.mihari.agent.spool.Spool.Unreadable;

import java.util.Optional;

/**
 * What a spool keeps besides its records, in the {@code state} file shared by all processes using the folder.
 * Changes return a new instance.
 *
 * @param committed       global position of the first record not yet delivered (or dropped)
 * @param lastSeq         at least the last seq handed out when the state was written; the spool takes the greater of
 *                        this and the last seq stored in a segment, so seqs keep growing after segments are deleted
 * @param dropped         losses not yet taken by {@link Spool#takeDropped()}
 * @param encrypted       whether the folder may hold encrypted records: the state file then has format 2, which
 *                        agents from before encryption refuse to open instead of cutting such records as torn
 * @param unreadable      records passed over because they could not be read back (failed authentication, unknown
 *                        key), not yet taken by {@link Spool#takeUnreadable()}
 * @param unreadableTotal every record ever passed over so in this folder
 */
record SpoolState(long committed, long lastSeq, Optional<Dropped> dropped, boolean encrypted,
        Optional<Unreadable> unreadable, long unreadableTotal) {

    /** The state of a spool that never wrote one. */
    static final SpoolState INITIAL = new SpoolState(0, 0, Optional.empty());

    SpoolState {
        if (committed < 0) {
            throw new IllegalArgumentException("committed position must not be negative, was " + committed);
        }
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must not be negative, was " + lastSeq);
        }
        if (dropped == null || unreadable == null) {
            throw new IllegalArgumentException("dropped and unreadable must not be null");
        }
        if (unreadableTotal < 0) {
            throw new IllegalArgumentException("unreadableTotal must not be negative, was " + unreadableTotal);
        }
    }

    /** A state of a folder without encrypted records and without unreadable ones. */
    SpoolState(long committed, long lastSeq, Optional<Dropped> dropped) {
        this(committed, lastSeq, dropped, false, Optional.empty(), 0);
    }

    SpoolState withCommitted(long position) {
        return new SpoolState(position, lastSeq, dropped, encrypted, unreadable, unreadableTotal);
    }

    SpoolState withLastSeq(long seq) {
        return new SpoolState(committed, Math.max(lastSeq, seq), dropped, encrypted, unreadable, unreadableTotal);
    }

    /** This state with {@code more} added to the losses. */
    SpoolState withDropped(Dropped more) {
        return new SpoolState(committed, lastSeq, Optional.of(dropped.map(more::plus).orElse(more)), encrypted,
                unreadable, unreadableTotal);
    }

    SpoolState withoutDropped() {
        return new SpoolState(committed, lastSeq, Optional.empty(), encrypted, unreadable, unreadableTotal);
    }

    /** This state of a folder that may hold encrypted records (sticky). */
    SpoolState withEncrypted() {
        return new SpoolState(committed, lastSeq, dropped, true, unreadable, unreadableTotal);
    }

    /** This state with {@code more} added to the unreadable records, both those to announce and the total. */
    SpoolState withUnreadable(Unreadable more) {
        return new SpoolState(committed, lastSeq, dropped, encrypted,
                Optional.of(unreadable.map(more::plus).orElse(more)), unreadableTotal + more.count());
    }

    SpoolState withoutUnreadable() {
        return new SpoolState(committed, lastSeq, dropped, encrypted, Optional.empty(), unreadableTotal);
    }
}
