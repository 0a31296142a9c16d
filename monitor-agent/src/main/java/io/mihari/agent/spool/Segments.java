package io.mihari.agent.spool;

import io.mihari.agent.spool.FrameReader.StoredFrame;
import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * The segment files of a spool folder (named by {@link SegmentFiles}), each a run of {@linkplain Frames frames}.
 * Positions are global: the frame at offset {@code o} of the segment starting at {@code s} is at {@code s + o}, and
 * a new segment starts where the last one ends, so positions only grow.
 *
 * <p>Only the last segment (the tail) is ever written; earlier ones never change until deleted. Other processes
 * append too, so every operation starts with {@link #refresh(long)}, which re-reads only what changed and cuts a
 * torn tail left by a crash. Not thread-safe: call everything while holding the {@link SpoolLock}.
 */
final class Segments implements Closeable {

    /** Records found in part of a segment; seqs are 0 when there are none. */
    record Summary(long records, long firstSeq, long lastSeq) {
    }

    /**
     * One record as stored, read back by {@link #read}.
     *
     * @param segmentStart start of its segment (names the file)
     * @param position     global position of its frame
     * @param encrypted    whether its frame says the bytes are an encrypted envelope
     * @param bytes        the record as stored
     */
    record Stored(long segmentStart, long position, long seq, boolean encrypted, byte[] bytes) {

        /** Global position just after its frame. */
        long end() {
            return position + Frames.size(bytes.length);
        }

        String segment() {
            return SegmentFiles.name(segmentStart);
        }
    }

    private interface ReaderAction<T> {
        T apply(FrameReader reader) throws IOException;
    }

    /** Gets each frame; returns false to stop. */
    private interface FrameVisitor {
        boolean visit(long segmentStart, StoredFrame frame);
    }

    private static final Logger LOG = Logger.getLogger(Segments.class);

    private final Path dir;
    private final boolean sync;
    /** Start → size of every live segment, the tail included. */
    private final TreeMap<Long, Long> sizes = new TreeMap<>();
    /** Segments wholly before the committed position: delivered or dropped, to be deleted. */
    private final List<Long> garbage = new ArrayList<>();
    private FileChannel tail;
    private long tailStart = -1;
    private long lastSeq;
    private long end;

    Segments(Path dir, boolean sync) {
        this.dir = dir;
        this.sync = sync;
    }

    /** Catches up with the folder, where {@code committed} is the stored committed position. */
    void refresh(long committed) throws IOException {
        List<Long> starts = SegmentFiles.list(dir);
        int firstLive = 0;
        for (int i = 1; i < starts.size() && starts.get(i) <= committed; i++) {
            firstLive = i;
        }
        garbage.clear();
        garbage.addAll(starts.subList(0, firstLive));
        List<Long> live = starts.subList(firstLive, starts.size());
        sizes.keySet().retainAll(live);
        if (live.isEmpty()) {
            closeTail();
            end = committed;
            return;
        }
        long last = live.get(live.size() - 1);
        for (long start : live.subList(0, live.size() - 1)) {
            if (start == tailStart || !sizes.containsKey(start)) {
                sizes.put(start, Files.size(path(start))); // no longer written to: its size is final
            }
        }
        if (last != tailStart || tail == null || !tail.isOpen()) {
            openTail(last);
        } else if (tail.size() != sizes.get(last)) {
            long known = sizes.get(last);
            scanTail(tail.size() > known ? known : 0); // appended to by another process
        }
        end = last + sizes.get(last);
    }

    /** Position after the last record: where the next one goes. */
    long end() {
        return end;
    }

    /** Start of the oldest live segment, or {@link #end()} when there is none. */
    long firstStart() {
        return sizes.isEmpty() ? end : sizes.firstKey();
    }

    /** The highest seq seen stored (0 if none); seqs deleted since are covered by {@link SpoolState#lastSeq()}. */
    long lastSeq() {
        return lastSeq;
    }

    /** Start → size of the live segments, oldest first (a read-only view). */
    NavigableMap<Long, Long> live() {
        return Collections.unmodifiableNavigableMap(sizes);
    }

    long diskBytes() {
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Writes a record at the end, first starting a new segment if the tail would pass {@code segmentBytes}. */
    long append(long seq, byte[] record, long segmentBytes) throws IOException {
        return append(seq, record, false, segmentBytes);
    }

    /**
     * Writes a record, flagged as encrypted or not, at the end, first starting a new segment if the tail would pass
     * {@code segmentBytes}; returns its global position, which is always the {@link #end()} before the call.
     */
    long append(long seq, byte[] record, boolean encrypted, long segmentBytes) throws IOException {
        var frame = Frames.encode(seq, record, encrypted);
        if (tail == null || (sizes.get(tailStart) > 0 && sizes.get(tailStart) + frame.remaining() > segmentBytes)) {
            roll();
        }
        long offset = sizes.get(tailStart);
        try {
            Durable.writeFully(tail, frame, offset);
            if (sync) {
                tail.force(false);
            }
        } catch (IOException e) {
            try {
                tail.truncate(offset); // e.g. disk full: leave no partial frame (else the next refresh cuts it)
            } catch (IOException truncateFailure) {
                e.addSuppressed(truncateFailure);
            }
            throw e;
        }
        sizes.put(tailStart, offset + frame.limit());
        end += frame.limit();
        lastSeq = seq;
        return tailStart + offset;
    }

    /**
     * Frees the disk space of records all delivered ({@code committed}, the stored committed position, is the end):
     * starts a new, empty tail and deletes the old one. Returns false, changing nothing, when there is nothing to free
     * that way (no records, or some not yet delivered). For a disk that is full: normally the delivered tail is
     * kept and written on.
     */
    boolean startAfresh(long committed) throws IOException {
        if (tail == null || sizes.get(tailStart) == 0 || committed < end) {
            return false;
        }
        roll();
        refresh(committed);
        deleteGarbage();
        return true;
    }

    /** Deletes a segment whose records are all delivered or dropped, as the stored state says already. */
    void delete(long start) {
        if (start == tailStart) {
            closeTail();
        }
        sizes.remove(start);
        garbage.remove(Long.valueOf(start));
        try {
            Files.deleteIfExists(path(start));
        } catch (IOException e) {
            LOG.warnf("spool %s: could not delete %s yet (%s); it is tried again later", dir,
                    SegmentFiles.name(start), e);
        }
    }

    /** Deletes the segments the last refresh found wholly delivered or dropped. */
    void deleteGarbage() {
        for (long start : List.copyOf(garbage)) {
            delete(start);
        }
    }

    /** Up to {@code max} records from position {@code from} (a frame boundary), oldest first, as stored. */
    List<Stored> read(long from, int max) throws IOException {
        List<Stored> records = new ArrayList<>();
        if (max > 0) {
            forEachFrame(from, Integer.MAX_VALUE, (start, f) -> {
                records.add(new Stored(start, start + f.offset(), f.seq(), f.encrypted(), f.record()));
                return records.size() < max;
            });
        }
        return records;
    }

    /** How many records there are from position {@code from} on. */
    long count(long from) throws IOException {
        long[] count = {0};
        forEachFrame(from, 0, (start, f) -> ++count[0] > 0);
        return count[0];
    }

    /**
     * The records from position {@code from} on by how they are stored: under which key id (read from the start of
     * each encrypted record, nothing is decrypted), or {@code null} for unencrypted ones; an encrypted record
     * whose key id cannot be read counts under {@code "?"}.
     */
    Map<String, Long> countByKey(long from) throws IOException {
        Map<String, Long> counts = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        forEachFrame(from, 2 + 64, (start, f) -> {
            String key = f.encrypted() ? Objects.requireNonNullElse(RecordCipher.keyId(f.record()), "?") : null;
            counts.merge(key, 1L, Long::sum);
            return true;
        });
        return counts;
    }

    /** The records of the segment starting at {@code start}, from position {@code from} on. */
    Summary summarize(long start, long from) throws IOException {
        return withReader(start, Math.max(0, from - start), reader -> {
            long records = 0;
            long first = 0;
            long last = 0;
            for (StoredFrame f = reader.next(false); f != null; f = reader.next(false)) {
                first = records++ == 0 ? f.seq() : first;
                last = f.seq();
            }
            return new Summary(records, first, last);
        });
    }

    /** Whether a good frame of a {@code length}-byte record with {@code seq} is at {@code position}. */
    boolean holdsFrame(long position, long seq, int length) throws IOException {
        Long start = sizes.floorKey(position);
        if (start == null || position - start + Frames.size(length) > sizes.get(start)) {
            return false;
        }
        StoredFrame frame = withReader(start, position - start, reader -> reader.next(false));
        return frame != null && frame.seq() == seq && frame.length() == length;
    }

    @Override
    public void close() {
        closeTail();
    }

    /** Visits the frames from {@code from} with the first {@code recordBytes} of each record (0: none). */
    private void forEachFrame(long from, int recordBytes, FrameVisitor visitor) throws IOException {
        Long first = sizes.floorKey(from);
        if (first == null) {
            return;
        }
        for (Map.Entry<Long, Long> segment : sizes.tailMap(first, true).entrySet()) {
            long start = segment.getKey();
            long offset = Math.max(0, from - start);
            if (offset >= segment.getValue()) {
                continue;
            }
            boolean more = withReader(start, offset, reader -> {
                for (StoredFrame f = reader.next(recordBytes); f != null; f = reader.next(recordBytes)) {
                    if (!visitor.visit(start, f)) {
                        return false;
                    }
                }
                if (reader.stoppedAtBadFrame()) {
                    LOG.warnf("spool %s: bytes %d to %d of %s are no records (damaged on disk?) and are skipped",
                            dir, reader.offset(), segment.getValue(), SegmentFiles.name(start));
                }
                return true;
            });
            if (!more) {
                return;
            }
        }
    }

    private <T> T withReader(long start, long offset, ReaderAction<T> action) throws IOException {
        long size = sizes.get(start);
        if (start == tailStart) {
            return action.apply(new FrameReader(tail, offset, size));
        }
        try (FileChannel channel = FileChannel.open(path(start), READ)) {
            return action.apply(new FrameReader(channel, offset, size));
        }
    }

    private void openTail(long start) throws IOException {
        closeTail();
        tail = FileChannel.open(path(start), READ, WRITE);
        tailStart = start;
        sizes.put(start, 0L);
        scanTail(0);
        // an empty tail (crash between creating it and writing to it): the last seq is in an earlier segment
        for (Long s = sizes.lowerKey(start); s != null && sizes.get(start) == 0; s = sizes.lowerKey(s)) {
            Summary earlier = summarize(s, s);
            if (earlier.records() > 0) {
                lastSeq = Math.max(lastSeq, earlier.lastSeq());
                break;
            }
        }
    }

    /** Reads the tail from {@code from} (a frame boundary) to its end, cutting off bytes that are no good frame. */
    private void scanTail(long from) throws IOException {
        long size = tail.size();
        FrameReader reader = new FrameReader(tail, from, size);
        for (StoredFrame f = reader.next(false); f != null; f = reader.next(false)) {
            lastSeq = Math.max(lastSeq, f.seq());
        }
        long valid = reader.offset();
        if (valid < size) {
            tail.truncate(valid);
            if (sync) {
                tail.force(true);
            }
            LOG.warnf("spool %s: cut %d bytes at position %d from %s: a record torn by a crash during an append",
                    dir, size - valid, tailStart + valid, SegmentFiles.name(tailStart));
        }
        sizes.put(tailStart, valid);
    }

    private void roll() throws IOException {
        long start = end;
        closeTail();
        tail = FileChannel.open(path(start), CREATE, READ, WRITE);
        tailStart = start;
        if (tail.size() != 0) {
            throw new IOException("new segment " + path(start) + " is not empty; is the spool folder shared oddly?");
        }
        sizes.put(start, 0L);
        if (sync) {
            Durable.syncDirectory(dir);
        }
    }

    private void closeTail() {
        if (tail != null) {
            try {
                tail.close();
            } catch (IOException e) {
                LOG.warnf("spool %s: closing %s: %s", dir, SegmentFiles.name(tailStart), e);
            }
        }
        tail = null;
        tailStart = -1;
    }

    private Path path(long start) {
        return dir.resolve(SegmentFiles.name(start));
    }
}
