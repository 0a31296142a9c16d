package io.mihari.agent.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * How one record is framed in a segment file (big-endian):
 * <pre>
 *   int  length   bytes of the record
 *   long seq      sequence number given to the record
 *   byte[length]  the record
 *   int  crc      CRC32 of seq and record
 * </pre>
 * The length comes first so a reader can find the next frame; the checksum lets it tell a complete frame from one
 * torn by a crash in the middle of an append (or from garbage after it).
 */
final class Frames {

    /** Bytes of a frame before the record: length and seq. */
    static final int HEADER = Integer.BYTES + Long.BYTES;

    /** Bytes a frame adds to its record. */
    static final int OVERHEAD = HEADER + Integer.BYTES;

    private Frames() {
    }

    /** Bytes taken on disk by the frame of a record of {@code recordLength} bytes. */
    static long size(int recordLength) {
        return (long) OVERHEAD + recordLength;
    }

    /** The frame of {@code record}, ready to be written (position 0, limit at its end). */
    static ByteBuffer encode(long seq, byte[] record) {
        ByteBuffer frame = ByteBuffer.allocate(Math.toIntExact(size(record.length)));
        frame.putInt(record.length).putLong(seq).put(record);
        CRC32 crc = new CRC32();
        crc.update(frame.array(), Integer.BYTES, Long.BYTES + record.length);
        frame.putInt((int) crc.getValue());
        return frame.flip();
    }

    /** The checksum over {@code length} bytes of {@code buffer} from {@code index} (seq and record of a frame). */
    static int crc(ByteBuffer buffer, int index, int length) {
        CRC32 crc = new CRC32();
        crc.update(buffer.duplicate().limit(index + length).position(index));
        return (int) crc.getValue();
    }
}
