package io.mihari.agent.spool;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * The agent's durable, bounded, ordered event queue on disk. Every event is appended here first; one sender reads
 * the records in order ({@link #peek}), ships them and then {@link #commit}s them.
 *
 * <p>Several processes may use one folder at once (the daemon and short-lived {@code exec}/{@code report} runs):
 * every operation holds an exclusive file lock on {@code spool.lock} (plus a JVM-wide mutex, since file locks are
 * per JVM) and starts by catching up with what the others did. Only one of them should send; see
 * {@link #tryAcquireSender()}. An instance is safe for use by several threads.
 *
 * <p>Files in the folder: {@code segment-<position>.log} (the records, see {@link Frames}), {@code state} (committed
 * position, last seq, losses; see {@link StateFile}), {@code state.reserve} (room kept to write the state on a full
 * disk), {@code spool.lock} and {@code sender.lock}.
 *
 * <p>A full disk: an append the disk refuses (after freeing what was delivered) is lost, counted and announced
 * ({@link #takeLosses()}, {@link SpoolWriteException}); what was stored before stays whole and can still be
 * delivered and committed, the state written with the room of the reserve.
 *
 * <p>With {@link SpoolSettings#encryption()} on, every new record is stored encrypted and authenticated with the
 * current key ({@link RecordCipher}); {@link #peek} decrypts. A record that cannot be read back (it fails
 * authentication, its key id is not in the key file, or it is unencrypted where unencrypted records are refused)
 * is never returned: it is logged naming its segment file and seq, counted ({@link #takeUnreadable()},
 * {@link #backlog()}) and passed over, like a dropped record.
 */
public final class Spool implements AutoCloseable {

    /** What an append does when its record does not fit. */
    public enum WhenFull {
        /** Delete the oldest segments, undelivered records included, and count them (see {@link #takeDropped()}). */
        DROP_OLDEST,
        /** Refuse the new record with {@link SpoolFullException} and count it. */
        REJECT_NEW
    }

    private static final Logger LOG = Logger.getLogger(Spool.class);
    /** Unreadable records logged one by one in one peek; the rest are counted. */
    private static final int REPORTED_PER_PEEK = 10;

    private final Path dir;
    private final SpoolSettings settings;
    private final SpoolLock lock;
    private final StateFile stateFile;
    private final Segments segments;
    private final RecordCipher cipher;
    private boolean toldUnencrypted;
    /** Appends the disk refused, not yet taken by {@link #takeLosses()} (kept in memory: the disk may be full). */
    private Unwritten unwritten;
    /** The highest seq given to an append the disk refused: never handed out again by this instance. */
    private long usedSeq;
    /** As read by the last refresh, with the committed position clamped to the live segments. */
    private SpoolState state = SpoolState.INITIAL;
    private volatile boolean closed;

    private Spool(Path dir, SpoolSettings settings) throws IOException {
        this.dir = dir;
        this.settings = settings;
        this.lock = new SpoolLock(dir);
        this.stateFile = new StateFile(dir, settings.syncEveryAppend());
        this.segments = new Segments(dir, settings.syncEveryAppend());
        this.cipher = new RecordCipher(settings.encryption().keys());
    }

    /** {@link #open(Path, SpoolSettings)} with {@link SpoolSettings#of}: syncing every append. */
    public static Spool open(Path dir, long maxBytes, WhenFull whenFull) throws IOException {
        return open(dir, SpoolSettings.of(maxBytes, whenFull));
    }

    /** {@link #open(Path, SpoolSettings)} with {@link SpoolSettings#of}, syncing every append or not. */
    public static Spool open(Path dir, long maxBytes, WhenFull whenFull, boolean syncEveryAppend) throws IOException {
        return open(dir, SpoolSettings.of(maxBytes, whenFull).withSyncEveryAppend(syncEveryAppend));
    }

    /**
     * Opens the spool in {@code dir}, creating the folder if needed. A record torn by a crash in the middle of an
     * append is cut off (and logged), never failing the open; the records before it are kept. Segments left over
     * from earlier deliveries are deleted. With encryption on, the state file is marked (format 2) before the first
     * encrypted record is written, so that an agent from before encryption refuses the folder.
     */
    public static Spool open(Path dir, SpoolSettings settings) throws IOException {
        Files.createDirectories(dir);
        Spool spool = new Spool(dir, settings);
        try (SpoolLock.Held held = spool.lock.acquire()) {
            spool.refresh();
            spool.segments.deleteGarbage();
            spool.stateFile.keepReserve();
            if (settings.encryption().on() && !spool.state.encrypted()) {
                spool.persist(spool.state.withEncrypted());
            }
        } catch (IOException | RuntimeException e) {
            try {
                spool.close();
            } catch (IOException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        return spool;
    }

    /**
     * Appends one record and returns its seq. Under the lock it takes the next seq (greater than any handed out
     * before in this folder, by any process, also across restarts), calls {@code recordForSeq} with it to get the
     * record's bytes, and stores them (forced to disk if {@link SpoolSettings#syncEveryAppend()}), encrypted if
     * encryption is on. {@code recordForSeq} runs under the lock: it must be quick and must not call this spool.
     *
     * <p>If the record does not fit in {@link SpoolSettings#maxBytes()}, delivered segments are freed first; then,
     * with {@link WhenFull#DROP_OLDEST}, the oldest segments are deleted and their undelivered records counted as
     * dropped until it fits; with {@link WhenFull#REJECT_NEW} this throws {@link SpoolFullException} and counts the
     * new record as dropped.
     *
     * @throws IllegalArgumentException if the record alone is larger than the whole spool may be (nothing is stored
     *                                  and its seq is handed out again)
     */
    public long append(LongFunction<byte[]> recordForSeq) throws IOException {
        try (SpoolLock.Held held = lockOpen()) {
            refresh();
            long seq = lastSeq() + 1;
            byte[] plain = Objects.requireNonNull(recordForSeq.apply(seq), "recordForSeq returned null");
            long position = segments.end(); // evicting deletes old segments only: the new frame goes here
            boolean encrypt = settings.encryption().on();
            byte[] record = encrypt ? cipher.seal(seq, position, plain) : plain;
            long frameBytes = Frames.size(record.length);
            if (frameBytes > settings.maxBytes()) {
                throw new IllegalArgumentException("record of " + plain.length + " bytes (" + frameBytes
                        + " with its framing" + (encrypt ? " and encryption" : "") + ") is larger than the whole"
                        + " spool may be (maxBytes " + settings.maxBytes() + "); it was not stored");
            }
            Eviction eviction = Eviction.plan(settings, segments, state, seq, frameBytes);
            if (eviction.changes(state)) {
                long pendingBefore = segments.end() - state.committed();
                apply(eviction);
                if (eviction.rejected()) {
                    throw new SpoolFullException(seq, frameBytes, pendingBefore, settings.maxBytes());
                }
            }
            long stored = write(seq, record, encrypt);
            if (stored != position) {
                throw new IllegalStateException("spool " + dir + ": record seq " + seq + " went to position " + stored
                        + ", not " + position + " as its encryption assumed");
            }
            return seq;
        }
    }

    /**
     * Stores a record at the end. When the disk refuses it (e.g. full), frees what is delivered and tries once more;
     * when that fails too, the record is lost: its seq is used up and it is counted (see {@link #takeLosses()}).
     */
    private long write(long seq, byte[] record, boolean encrypt) throws IOException {
        try {
            keepReserve();
            try {
                return segments.append(seq, record, encrypt, settings.segmentBytes());
            } catch (IOException e) {
                if (!segments.startAfresh(state.committed())) {
                    throw e;
                }
                LOG.warnf("spool %s: writing a record failed (%s); freed the records already delivered", dir,
                        e.getMessage());
                return segments.append(seq, record, encrypt, settings.segmentBytes());
            }
        } catch (IOException e) {
            usedSeq = Math.max(usedSeq, seq);
            Unwritten lost = new Unwritten(1, seq, seq, String.valueOf(e.getMessage()));
            unwritten = unwritten == null ? lost : unwritten.plus(lost);
            throw new SpoolWriteException(seq, dir, e);
        }
    }

    /**
     * Makes sure the state file's reserve exists before a record takes room on the disk, freeing the delivered
     * records if needed: else, once the disk is full, the state (what was delivered) could not be written, the spool
     * could never free what it delivered and would send it again and again.
     */
    private void keepReserve() throws IOException {
        if (!stateFile.keepReserve() && !(segments.startAfresh(state.committed()) && stateFile.keepReserve())) {
            throw new IOException("no room on the disk for the " + StateFile.RESERVE_BYTES + " bytes kept to write"
                    + " the spool's state (" + StateFile.RESERVE + "): the disk is full");
        }
    }

    /**
     * Up to {@code max} of the records not yet committed, oldest first, decrypted. Removes no record that can be
     * read. Records that cannot be read back and come first are passed over (committed), logged with their segment
     * and seq, and counted; one that comes after readable ones ends the list, and the next call passes it over.
     * Only the sender should call this.
     */
    public List<Entry> peek(int max) throws IOException {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, was " + max);
        }
        try (SpoolLock.Held held = lockOpen()) {
            refresh();
            List<Entry> entries = new ArrayList<>();
            List<Segments.Stored> passed = new ArrayList<>();
            long from = state.committed();
            boolean unencrypted = false;
            reading:
            while (max > 0) {
                List<Segments.Stored> stored = segments.read(from, max - entries.size());
                if (stored.isEmpty()) {
                    break;
                }
                for (Segments.Stored s : stored) {
                    try {
                        entries.add(open(s));
                        unencrypted |= !s.encrypted();
                    } catch (RecordCipher.UnreadableRecordException e) {
                        if (!entries.isEmpty()) {
                            break reading; // the next peek starts with it
                        }
                        report(s, e.getMessage(), passed.size());
                        passed.add(s);
                        from = s.end();
                    }
                }
                if (!entries.isEmpty()) {
                    break;
                }
            }
            if (!passed.isEmpty()) {
                passOver(passed, from);
            }
            if (unencrypted && settings.encryption().on() && !toldUnencrypted) {
                toldUnencrypted = true;
                LOG.warnf("spool %s: delivering records stored unencrypted (written before encryption was turned on,"
                        + " or by an agent process without the key file); set"
                        + " mihari.agent.spool.encryption.deliver-unencrypted=false once none is left", dir);
            }
            return entries;
        }
    }

    /**
     * The records passed over because they could not be read back, by any process, since the last call (which may
     * have been before a restart), and resets the count. Empty when there were none. The agent reports them as a
     * GAP event.
     */
    public Optional<Unreadable> takeUnreadable() throws IOException {
        try (SpoolLock.Held held = lockOpen()) {
            refresh();
            Optional<Unreadable> unreadable = state.unreadable();
            if (unreadable.isPresent()) {
                persist(state.withoutUnreadable());
            }
            return unreadable;
        }
    }

    /**
     * {@link #takeDropped()} and {@link #takeUnreadable()} in one operation (one lock, one look at the folder): what
     * the agent announces after every append.
     */
    public Losses takeLosses() throws IOException {
        try (SpoolLock.Held held = lockOpen()) {
            refresh();
            Losses losses = new Losses(state.dropped(), state.unreadable(), Optional.ofNullable(unwritten));
            if (losses.dropped().isPresent() || losses.unreadable().isPresent()) {
                persist(state.withoutDropped().withoutUnreadable());
            }
            unwritten = null;
            return losses;
        }
    }

    /** What waits for delivery, by how it is stored. Reads the pending part of the spool (decrypts nothing). */
    public Backlog backlog() throws IOException {
        try (SpoolLock.Held held = lockOpen()) {
            refresh();
            Map<String, Long> counts = segments.countByKey(state.committed());
            long unencrypted = counts.getOrDefault(null, 0L);
            counts.remove(null);
            return new Backlog(unencrypted + counts.values().stream().mapToLong(Long::longValue).sum(), unencrypted,
                    new TreeMap<>(counts), settings.encryption().currentKeyId(), state.unreadableTotal());
        }
    }

    /**
     * Marks {@code last} and every record before it as delivered, durably: the next {@link #peek} (also after a
     * restart, in any process) starts after it. Segments holding only delivered records are deleted, except the
     * one being written to. Committing a record that was dropped meanwhile, or committed already, does nothing.
     *
     * @throws IllegalArgumentException if {@code last} is not a record of this spool
     */
    public void commit(Entry last) throws IOException {
        try (SpoolLock.Held held = lockOpen()) {
            refresh();
            if (last.end() <= state.committed()) {
                return;
            }
            if (!segments.holdsFrame(last.position(), last.seq(), last.storedLength())) {
                throw new IllegalArgumentException(last + " is not a record of spool " + dir);
            }
            persist(state.withCommitted(last.end()));
            segments.refresh(state.committed()); // finds the segments now wholly delivered
            segments.deleteGarbage();
            if (!stateFile.keepReserve() && segments.startAfresh(state.committed())) {
                stateFile.keepReserve(); // it was used up writing the state on a full disk: made again
            }
        }
    }

    /** How many records wait for delivery. Counts them: reads the pending part of the spool. */
    public long pendingRecords() throws IOException {
        try (SpoolLock.Held held = lockOpen()) {
            refresh();
            return segments.count(state.committed());
        }
    }

    /** How many bytes of records (with their framing) wait for delivery. */
    public long pendingBytes() throws IOException {
        try (SpoolLock.Held held = lockOpen()) {
            refresh();
            return segments.end() - state.committed();
        }
    }

    /**
     * The records dropped or refused because the spool was full, by any process, since the last call (which may
     * have been before a restart), and resets the count. Empty when there were none. The agent reports them as a
     * GAP event; should it die between this call and storing that event, the count is lost.
     */
    public Optional<Dropped> takeDropped() throws IOException {
        try (SpoolLock.Held held = lockOpen()) {
            refresh();
            Optional<Dropped> dropped = state.dropped();
            if (dropped.isPresent()) {
                persist(state.withoutDropped());
            }
            return dropped;
        }
    }

    /**
     * Makes the caller the one sender of this spool if no other process, and nobody in this JVM, is; never waits.
     * The returned lock does not depend on this instance: close it to give up sending.
     */
    public Optional<SenderLock> tryAcquireSender() throws IOException {
        checkOpen();
        return FileSenderLock.tryAcquire(dir);
    }

    public Path dir() {
        return dir;
    }

    public SpoolSettings settings() {
        return settings;
    }

    public long maxBytes() {
        return settings.maxBytes();
    }

    public WhenFull whenFull() {
        return settings.whenFull();
    }

    /** Releases the files once operations under way are done; the records stay stored. Closing twice is harmless. */
    @Override
    public void close() throws IOException {
        closed = true;
        lock.close(segments::close);
    }

    private SpoolLock.Held lockOpen() throws IOException {
        checkOpen();
        SpoolLock.Held held = lock.acquire();
        if (closed) {
            held.close();
            checkOpen();
        }
        return held;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("spool " + dir + " is closed");
        }
    }

    /** Catches up with the folder (other processes write too). */
    private void refresh() throws IOException {
        SpoolState stored = stateFile.read();
        segments.refresh(stored.committed());
        // normally a no-op; guards against a state file older than the segments (lost or damaged)
        long committed = Math.min(Math.max(stored.committed(), segments.firstStart()), segments.end());
        state = stored.withCommitted(committed);
        if (stateFile.damaged()) {
            persist(state); // repaired once, not reported again by every operation
        }
    }

    private long lastSeq() {
        return Math.max(Math.max(state.lastSeq(), segments.lastSeq()), usedSeq);
    }

    private void persist(SpoolState next) throws IOException {
        SpoolState withSeq = next.withLastSeq(lastSeq());
        stateFile.write(withSeq);
        state = withSeq;
    }

    /** The entry of a stored record: decrypted, or as stored when unencrypted ones are delivered. */
    private Entry open(Segments.Stored s) throws RecordCipher.UnreadableRecordException {
        if (s.seq() < 1) {
            throw new RecordCipher.UnreadableRecordException("its seq " + s.seq() + " is impossible");
        }
        byte[] record;
        if (s.encrypted()) {
            record = cipher.open(s.seq(), s.position(), s.bytes());
        } else if (settings.encryption().deliverUnencrypted()) {
            record = s.bytes();
        } else {
            throw new RecordCipher.UnreadableRecordException("it is stored unencrypted and"
                    + " mihari.agent.spool.encryption.deliver-unencrypted is false");
        }
        return new Entry(s.position(), s.seq(), record, s.end());
    }

    private void report(Segments.Stored s, String reason, int before) {
        if (before < REPORTED_PER_PEEK) {
            LOG.errorf("spool %s: record seq %d in %s (position %d) is not delivered: %s", dir, s.seq(), s.segment(),
                    s.position(), reason);
        } else if (before == REPORTED_PER_PEEK) {
            LOG.errorf("spool %s: more records that cannot be read follow; they are counted, not each logged", dir);
        }
    }

    /** Commits past the unreadable records {@code passed}, which end at {@code end}, and counts them. */
    private void passOver(List<Segments.Stored> passed, long end) throws IOException {
        long first = passed.stream().mapToLong(Segments.Stored::seq).min().orElseThrow();
        long last = passed.stream().mapToLong(Segments.Stored::seq).max().orElseThrow();
        Unreadable these = new Unreadable(passed.size(), Math.max(0, first), Math.max(0, last));
        persist(state.withCommitted(end).withUnreadable(these));
        segments.refresh(state.committed());
        segments.deleteGarbage();
        LOG.errorf("spool %s: %d records (seqs %d to %d) could not be read back and are not delivered; they are"
                + " announced as a GAP event and counted in `mihari-agent status`", dir, these.count(),
                these.firstSeq(), these.lastSeq());
    }

    private void apply(Eviction eviction) throws IOException {
        persist(eviction.state());
        eviction.freed().forEach(segments::delete);
        if (!eviction.rejected()) {
            eviction.dropped().ifPresent(d -> LOG.warnf(
                    "spool %s is full (%d bytes): dropped %d undelivered records, seqs %d to %d", dir,
                    settings.maxBytes(), d.count(), d.firstSeq(), d.lastSeq()));
        }
    }

    /**
     * One stored record as {@link #peek(int)} returns it; hand the last one delivered to {@link #commit(Entry)}.
     *
     * @param position global byte position of its frame (grows across segments, restarts and processes)
     * @param seq      the sequence number the spool gave it
     * @param record   its bytes, decrypted (not copied: do not modify)
     * @param end      global position just after its frame: where the next record starts (an encrypted record
     *                 takes more bytes on disk than {@code record} has)
     */
    public record Entry(long position, long seq, byte[] record, long end) {

        public Entry {
            if (position < 0 || seq < 1 || record == null || end < position + Frames.OVERHEAD) {
                throw new IllegalArgumentException("bad entry: position " + position + ", seq " + seq
                        + (record == null ? ", no record" : "") + ", end " + end);
            }
        }

        /** An entry of a record stored as it is (unencrypted). */
        public Entry(long position, long seq, byte[] record) {
            this(position, seq, record, position + Frames.size(record == null ? 0 : record.length));
        }

        /** Bytes of the record as stored in its frame. */
        int storedLength() {
            return Math.toIntExact(end - position - Frames.OVERHEAD);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.position == position && e.seq == seq && e.end == end
                    && Arrays.equals(e.record, record);
        }

        @Override
        public int hashCode() {
            return Objects.hash(position, seq, end, Arrays.hashCode(record));
        }

        @Override
        public String toString() {
            return "Entry[position=" + position + ", seq=" + seq + ", " + record.length + " bytes]";
        }
    }

    /**
     * Records lost because the spool was full: dropped by {@link WhenFull#DROP_OLDEST} or refused by
     * {@link WhenFull#REJECT_NEW}. Their seqs lie between {@code firstSeq} and {@code lastSeq}; when several losses
     * are merged the range may also hold delivered seqs, so {@code count} is the exact number lost.
     */
    public record Dropped(long count, long firstSeq, long lastSeq) {

        public Dropped {
            if (count < 1 || firstSeq < 1 || lastSeq < firstSeq || count > lastSeq - firstSeq + 1) {
                throw new IllegalArgumentException(
                        "impossible loss: " + count + " records with seqs " + firstSeq + ".." + lastSeq);
            }
        }

        /** The losses of this and {@code other} together. */
        public Dropped plus(Dropped other) {
            return new Dropped(count + other.count, Math.min(firstSeq, other.firstSeq),
                    Math.max(lastSeq, other.lastSeq));
        }
    }

    /**
     * Records passed over because they could not be read back: they failed authentication, their key id is not in the
     * key file, or they were unencrypted where that is refused. Their seqs lie between {@code firstSeq} and
     * {@code lastSeq} (as stored, which for altered records need not be what was given).
     */
    public record Unreadable(long count, long firstSeq, long lastSeq) {

        public Unreadable {
            if (count < 1 || firstSeq < 0 || lastSeq < firstSeq) {
                throw new IllegalArgumentException(
                        "impossible unreadable records: " + count + " with seqs " + firstSeq + ".." + lastSeq);
            }
        }

        /** These and {@code other} together. */
        public Unreadable plus(Unreadable other) {
            return new Unreadable(count + other.count, Math.min(firstSeq, other.firstSeq),
                    Math.max(lastSeq, other.lastSeq));
        }
    }

    /**
     * Records lost since the last {@link #takeLosses()}: dropped because the spool was full, unreadable, or never
     * written because the disk refused them (by this instance only).
     */
    public record Losses(Optional<Dropped> dropped, Optional<Unreadable> unreadable, Optional<Unwritten> unwritten) {

        public Losses(Optional<Dropped> dropped, Optional<Unreadable> unreadable) {
            this(dropped, unreadable, Optional.empty());
        }
    }

    /**
     * Records whose append failed because the disk refused them (full, or an I/O error), with the last error: their
     * seqs lie between {@code firstSeq} and {@code lastSeq} and are never handed out again by the same instance.
     * Counted in memory only: the disk that refused them may not take the count either.
     */
    public record Unwritten(long count, long firstSeq, long lastSeq, String error) {

        public Unwritten {
            if (count < 1 || firstSeq < 1 || lastSeq < firstSeq || count > lastSeq - firstSeq + 1) {
                throw new IllegalArgumentException(
                        "impossible loss: " + count + " records with seqs " + firstSeq + ".." + lastSeq);
            }
        }

        /** These and {@code other} (a later one) together, with the later error. */
        public Unwritten plus(Unwritten other) {
            return new Unwritten(count + other.count, Math.min(firstSeq, other.firstSeq),
                    Math.max(lastSeq, other.lastSeq), other.error);
        }
    }

    /**
     * What waits in the spool, as {@link #backlog()} found it.
     *
     * @param records     records waiting for delivery
     * @param unencrypted how many of them are stored unencrypted
     * @param byKey       how many of them are encrypted, by key id ({@code "?"}: a key id that cannot be read)
     * @param currentKey  the key new records are encrypted with; empty when encryption is off
     * @param unreadable  records ever passed over in this folder because they could not be read back
     */
    public record Backlog(long records, long unencrypted, SortedMap<String, Long> byKey, Optional<String> currentKey,
            long unreadable) {

        public Backlog {
            byKey = Collections.unmodifiableSortedMap(new TreeMap<>(byKey));
        }
    }

    /**
     * Proof that its holder is the one sender of a spool, across processes, until {@link #close()} (closing twice
     * is harmless). The operating system releases it too when the process ends, however it ends.
     */
    public interface SenderLock extends AutoCloseable {
        /** Gives up being the sender. */
        @Override
        void close();
    }

    /**
     * An append the disk refused (full, or an I/O error), even after freeing what was delivered. The record's seq was
     * used up and it is counted in {@link #takeLosses()}; everything stored before is kept whole.
     */
    public static final class SpoolWriteException extends IOException {

        private final long seq;

        SpoolWriteException(long seq, Path dir, IOException cause) {
            super("record seq " + seq + " could not be written to the spool " + dir + ": " + cause.getMessage(), cause);
            this.seq = seq;
        }

        /** The seq the lost record was given. */
        public long seq() {
            return seq;
        }
    }

    /**
     * An append refused because the spool is full and its policy is {@link WhenFull#REJECT_NEW}. The record's seq
     * was used up and is counted in {@link #takeDropped()}; everything stored before is kept.
     */
    public static final class SpoolFullException extends IOException {

        private final long seq;

        SpoolFullException(long seq, long frameBytes, long pendingBytes, long maxBytes) {
            super("spool full: record seq " + seq + " (" + frameBytes + " bytes) refused; " + pendingBytes
                    + " bytes wait for delivery, limit " + maxBytes + " bytes, when-full policy REJECT_NEW");
            this.seq = seq;
        }

        /** The seq the refused record was given. */
        public long seq() {
            return seq;
        }
    }
}
