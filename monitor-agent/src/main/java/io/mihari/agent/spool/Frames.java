package io.mihari.agent.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * How one record is framed in a segment file (big-endian):
 * <pre>
 *   int  word     bit 31: the record is encrypted (see {@link RecordCipher}); bit 30: reserved, always 0;
 *                 bits 0-29: length, bytes of the record as stored
 *   long seq      sequence number given to the record
 *   byte[length]  the record
 *   int  crc      CRC32 of seq and record
 * </pre>
 * The length comes first so a reader can find the next frame; the checksum lets it tell a complete frame from one
 * torn by a crash in the middle of an append (or from garbage after it). A plaintext frame's first word is its
 * length, as in every spool written before encryption existed, so old spools read as they always did. A word with
 * the reserved bit set (or a negative one from before) is no frame.
 */
final class Frames {

    /** Bytes of a frame before the record: the length word and seq. */
    static final int HEADER = Integer.BYTES + Long.BYTES;

    /** Bytes a frame adds to its record. */
    static final int OVERHEAD = HEADER + Integer.BYTES;

    /** Flag of the first word: the record is an encrypted envelope. */
    static final int ENCRYPTED = 0x8000_0000;

    /** Flags no frame may have (yet). */
    static final int RESERVED = 0x4000_0000;

    /** Largest record a frame holds (1 GiB - 1). */
    static final int MAX_LENGTH = 0x3FFF_FFFF;

    private Frames() {
    }

    /** Bytes taken on disk by the frame of a record of {@code recordLength} bytes. */
    static long size(int recordLength) {
        return (long) OVERHEAD + recordLength;
    }

    /** The plaintext frame of {@code record}, ready to be written (position 0, limit at its end). */
    static ByteBuffer encode(long seq, byte[] record) {
        return encode(seq, record, false);
    }

    /** The frame of {@code record}, flagged as encrypted or not, ready to be written. */
    static ByteBuffer encode(long seq, byte[] record, boolean encrypted) {
        if (record.length > MAX_LENGTH) {
            throw new IllegalArgumentException("a record may have at most " + MAX_LENGTH + " bytes, this one has "
                    + record.length);
        }
        ByteBuffer frame = ByteBuffer.allocate(Math.toIntExact(size(record.length)));
        frame.putInt(record.length | (encrypted ? ENCRYPTED : 0)).putLong(seq).put(record);
        CRC32 crc = new CRC32();
        crc.update(frame.array(), Integer.BYTES, Long.BYTES + record.length);
        frame.putInt((int) crc.getValue());
        return frame.flip();
    }

    /** The record length a frame's first word gives, or -1 when the word is no frame's (a reserved bit set). */
    static int length(int word) {
        return (word & RESERVED) != 0 ? -1 : word & MAX_LENGTH;
    }

    /** Whether a frame's first word says its record is encrypted. */
    static boolean encrypted(int word) {
        return (word & ENCRYPTED) != 0;
    }

    /** The checksum over {@code length} bytes of {@code buffer} from {@code index} (seq and record of a frame). */
    static int crc(ByteBuffer buffer, int index, int length) {
        CRC32 crc = new CRC32();
        crc.update(buffer.duplicate().limit(index + length).position(index));
        return (int) crc.getValue();
    }
}
