package io.mihari.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the frames of one segment file one after another, from a frame boundary up to a limit, through a buffer.
 * It stops at the limit or at the first frame that does not fit before the limit or fails its checksum; then
 * {@link #offset()} is the end of the last good frame and {@link #stoppedAtBadFrame()} tells which case it was.
 */
final class FrameReader {

    /**
     * One frame read back; {@code record} is null when it was read without its record, and only its first bytes
     * when it was read with a prefix ({@link #next(int)}).
     */
    record StoredFrame(long offset, long seq, int length, boolean encrypted, byte[] record) {
    }

    private static final int BUFFER_BYTES = 64 * 1024;

    private final FileChannel channel;
    private final long limit;
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).limit(0);
    private long bufferOffset;
    private long offset;
    private boolean bad;

    /** Reads {@code channel} from {@code offset} (a frame boundary) up to {@code limit} (at most its size). */
    FrameReader(FileChannel channel, long offset, long limit) {
        this.channel = channel;
        this.offset = offset;
        this.limit = limit;
        this.bufferOffset = offset;
    }

    /** The next good frame, with its record copied out if {@code withRecord}; null at the limit or a bad frame. */
    StoredFrame next(boolean withRecord) throws IOException {
        return next(withRecord ? Integer.MAX_VALUE : 0);
    }

    /**
     * The next good frame with the first {@code recordBytes} bytes of its record copied out (all of it when it is
     * shorter; none, and a null record, when {@code recordBytes} is 0); null at the limit or a bad frame.
     */
    StoredFrame next(int recordBytes) throws IOException {
        if (bad || limit - offset < Frames.OVERHEAD) {
            bad |= offset < limit;
            return null;
        }
        if (!fill(Frames.HEADER)) {
            return stopBad();
        }
        int at = (int) (offset - bufferOffset);
        int word = buffer.getInt(at);
        int length = Frames.length(word);
        long seq = buffer.getLong(at + Integer.BYTES);
        if (length < 0 || length > limit - offset - Frames.OVERHEAD || !fill(Frames.OVERHEAD + length)) {
            return stopBad();
        }
        at = (int) (offset - bufferOffset);
        if (buffer.getInt(at + Frames.HEADER + length) != Frames.crc(buffer, at + Integer.BYTES, Long.BYTES + length)) {
            return stopBad();
        }
        byte[] record = null;
        if (recordBytes > 0) {
            record = new byte[Math.min(length, recordBytes)];
            buffer.get(at + Frames.HEADER, record);
        }
        StoredFrame frame = new StoredFrame(offset, seq, length, Frames.encrypted(word), record);
        offset += Frames.OVERHEAD + length;
        return frame;
    }

    /** End of the last good frame read: where the next one starts, or where the bad bytes start. */
    long offset() {
        return offset;
    }

    /** Whether reading stopped before the limit because the bytes there are not a good frame. */
    boolean stoppedAtBadFrame() {
        return bad;
    }

    private StoredFrame stopBad() {
        bad = true;
        return null;
    }

    /** Makes the {@code bytes} from {@link #offset} available in the buffer; false if the file ends before. */
    private boolean fill(int bytes) throws IOException {
        if (offset >= bufferOffset && offset + bytes <= bufferOffset + buffer.limit()) {
            return true;
        }
        if (bytes > buffer.capacity()) {
            buffer = ByteBuffer.allocate(Math.max(bytes, buffer.capacity() * 2));
        }
        buffer.clear().limit((int) Math.min(buffer.capacity(), limit - offset));
        bufferOffset = offset;
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, bufferOffset + buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
        return buffer.limit() >= bytes;
    }
}
