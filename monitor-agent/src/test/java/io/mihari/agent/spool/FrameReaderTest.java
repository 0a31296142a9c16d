package io.mihari.agent.spool;

import io.mihari.agent.spool.FrameReader.StoredFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

class FrameReaderTest {

    @TempDir
    Path dir;

    @Test
    void aFrameIsLengthSeqRecordAndCrcBigEndian() {
        ByteBuffer frame = Frames.encode(0x0102030405060708L, "hi".getBytes(StandardCharsets.US_ASCII));

        assertThat(frame.remaining()).isEqualTo(2 + Frames.OVERHEAD);
        assertThat(frame.getInt(0)).isEqualTo(2);
        assertThat(frame.getLong(4)).isEqualTo(0x0102030405060708L);
        assertThat(frame.get(12)).isEqualTo((byte) 'h');
        assertThat(frame.getInt(14)).isEqualTo(Frames.crc(frame, 4, 10));
    }

    @Test
    void readsBackEveryFrameWithOrWithoutItsRecord() throws IOException {
        try (FileChannel file = fileWith(List.of(frame(1, "one"), frame(2, ""), frame(3, "three")))) {
            List<StoredFrame> withRecords = readAll(new FrameReader(file, 0, file.size()), true);
            FrameReader headersOnly = new FrameReader(file, 0, file.size());
            List<StoredFrame> withoutRecords = readAll(headersOnly, false);

            assertThat(withRecords).extracting(StoredFrame::seq).containsExactly(1L, 2L, 3L);
            assertThat(withRecords).extracting(f -> new String(f.record(), StandardCharsets.US_ASCII))
                    .containsExactly("one", "", "three");
            assertThat(withRecords).extracting(StoredFrame::offset).containsExactly(0L, 19L, 35L);
            assertThat(withoutRecords).extracting(StoredFrame::record).containsOnlyNulls();
            assertThat(withoutRecords).extracting(StoredFrame::length).containsExactly(3, 0, 5);
            assertThat(headersOnly.offset()).isEqualTo(file.size());
            assertThat(headersOnly.stoppedAtBadFrame()).isFalse();
        }
    }

    @Test
    void startsAtAnyFrameBoundaryAndStopsAtTheLimit() throws IOException {
        try (FileChannel file = fileWith(List.of(frame(1, "one"), frame(2, "two"), frame(3, "three")))) {
            FrameReader reader = new FrameReader(file, 19, 38);

            assertThat(readAll(reader, true)).extracting(StoredFrame::seq).containsExactly(2L);
            assertThat(reader.offset()).isEqualTo(38);
            assertThat(reader.stoppedAtBadFrame()).isFalse();
        }
    }

    @Test
    void stopsAtATornFrameAndSaysWhereTheGoodOnesEnd() throws IOException {
        ByteBuffer torn = frame(2, "two");
        torn.limit(torn.limit() - 1);
        try (FileChannel file = fileWith(List.of(frame(1, "one"), torn))) {
            FrameReader reader = new FrameReader(file, 0, file.size());

            assertThat(readAll(reader, true)).extracting(StoredFrame::seq).containsExactly(1L);
            assertThat(reader.offset()).isEqualTo(19);
            assertThat(reader.stoppedAtBadFrame()).isTrue();
        }
    }

    @Test
    void stopsAtAFrameWhoseChecksumDoesNotMatch() throws IOException {
        ByteBuffer damaged = frame(2, "two");
        damaged.put(13, (byte) 'x');
        try (FileChannel file = fileWith(List.of(frame(1, "one"), damaged, frame(3, "three")))) {
            FrameReader reader = new FrameReader(file, 0, file.size());

            assertThat(readAll(reader, false)).extracting(StoredFrame::seq).containsExactly(1L);
            assertThat(reader.offset()).isEqualTo(19);
            assertThat(reader.stoppedAtBadFrame()).isTrue();
        }
    }

    @Test
    void stopsAtANegativeLengthAndAtTooFewBytesForAHeader() throws IOException {
        try (FileChannel file = fileWith(List.of(frame(1, "one"), ByteBuffer.allocate(20).putInt(0, -5)))) {
            FrameReader reader = new FrameReader(file, 0, file.size());
            assertThat(readAll(reader, true)).hasSize(1);
            assertThat(reader.stoppedAtBadFrame()).isTrue();
        }
        try (FileChannel file = fileWith(List.of(frame(1, "one"), ByteBuffer.allocate(5)))) {
            FrameReader reader = new FrameReader(file, 0, file.size());
            assertThat(readAll(reader, true)).hasSize(1);
            assertThat(reader.stoppedAtBadFrame()).isTrue();
        }
    }

    @Test
    void framesSpanningAndExceedingTheBufferAreRead() throws IOException {
        List<ByteBuffer> frames = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            frames.add(frame(i, "x".repeat(i * 3001)));
        }
        try (FileChannel file = fileWith(frames)) {
            List<StoredFrame> read = readAll(new FrameReader(file, 0, file.size()), true);

            assertThat(read).hasSize(40);
            assertThat(read).allSatisfy(f -> assertThat(f.length()).isEqualTo(f.seq() * 3001));
        }
    }

    @Test
    void theEncryptedFlagIsTheLengthWordsTopBitAndTheReservedBitMakesNoFrame() throws IOException {
        ByteBuffer encrypted = Frames.encode(4, "sealed".getBytes(StandardCharsets.US_ASCII), true);
        assertThat(encrypted.getInt(0)).isEqualTo(0x8000_0006);
        ByteBuffer reserved = frame(5, "odd");
        reserved.putInt(0, 3 | Frames.RESERVED);
        try (FileChannel file = fileWith(List.of(frame(3, "plain"), encrypted, reserved))) {
            FrameReader reader = new FrameReader(file, 0, file.size());
            List<StoredFrame> read = readAll(reader, true);

            assertThat(read).extracting(StoredFrame::encrypted).containsExactly(false, true);
            assertThat(read).extracting(StoredFrame::length).containsExactly(5, 6);
            assertThat(new String(read.get(1).record(), StandardCharsets.US_ASCII)).isEqualTo("sealed");
            assertThat(reader.stoppedAtBadFrame()).isTrue();
        }
        try (FileChannel file = fileWith(List.of(encrypted.rewind()))) {
            StoredFrame prefix = new FrameReader(file, 0, file.size()).next(3);
            assertThat(new String(prefix.record(), StandardCharsets.US_ASCII)).as("the first bytes only").isEqualTo("sea");
            assertThat(prefix.length()).isEqualTo(6);
        }
    }

    private static ByteBuffer frame(long seq, String record) {
        return Frames.encode(seq, record.getBytes(StandardCharsets.US_ASCII));
    }

    private FileChannel fileWith(List<ByteBuffer> frames) throws IOException {
        FileChannel file = FileChannel.open(dir.resolve("f" + System.nanoTime()), CREATE, READ, WRITE);
        for (ByteBuffer frame : frames) {
            Durable.writeFully(file, frame, file.size());
        }
        return file;
    }

    private static List<StoredFrame> readAll(FrameReader reader, boolean withRecord) throws IOException {
        List<StoredFrame> frames = new ArrayList<>();
        for (StoredFrame f = reader.next(withRecord); f != null; f = reader.next(withRecord)) {
            frames.add(f);
        }
        return frames;
    }
}
