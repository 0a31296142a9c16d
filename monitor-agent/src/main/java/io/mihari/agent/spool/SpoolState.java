package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Dropped;

import java.util.Optional;

/**
 * What a spool keeps besides its records, in the {@code state} file shared by all processes using the folder.
 * Changes return a new instance.
 *
 * @param committed global position of the first record not yet delivered (or dropped)
 * @param lastSeq   at least the last seq handed out when the state was written; the spool takes the greater of
 *                  this and the last seq stored in a segment, so seqs keep growing after segments are deleted
 * @param dropped   losses not yet taken by {@link Spool#takeDropped()}
 */
record SpoolState(long committed, long lastSeq, Optional<Dropped> dropped) {

    /** The state of a spool that never wrote one. */
    static final SpoolState INITIAL = new SpoolState(0, 0, Optional.empty());

    SpoolState {
        if (committed < 0) {
            throw new IllegalArgumentException("committed position must not be negative, was " + committed);
        }
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must not be negative, was " + lastSeq);
        }
        if (dropped == null) {
            throw new IllegalArgumentException("dropped must not be null");
        }
    }

    SpoolState withCommitted(long position) {
        return new SpoolState(position, lastSeq, dropped);
    }

    SpoolState withLastSeq(long seq) {
        return new SpoolState(committed, Math.max(lastSeq, seq), dropped);
    }

    /** This state with {@code more} added to the losses. */
    SpoolState withDropped(Dropped more) {
        return new SpoolState(committed, lastSeq, Optional.of(dropped.map(more::plus).orElse(more)));
    }

    SpoolState withoutDropped() {
        return new SpoolState(committed, lastSeq, Optional.empty());
    }
}
