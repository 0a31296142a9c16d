package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Entry;
import io.mihari.agent.spool.Spool.WhenFull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static io.mihari.agent.spool.Records.all;
import static io.mihari.agent.spool.Records.append;
import static io.mihari.agent.spool.Records.lastSegment;
import static io.mihari.agent.spool.Records.segmentFiles;
import static io.mihari.agent.spool.Records.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a crash (or damage) leaves behind, and how opening or using the spool afterwards copes. */
class SpoolRecoveryTest {

    static final SpoolSettings SETTINGS = SpoolSettings.of(1 << 20, WhenFull.DROP_OLDEST).withSegmentBytes(300);

    @TempDir
    Path dir;

    /** Appends a, b, c (100 bytes each, 116 with framing; c alone in the second segment) and closes. */
    void appendThree() throws IOException {
        try (Spool spool = Spool.open(dir, SETTINGS)) {
            for (String t : List.of("a", "b", "c")) {
                append(spool, t, 100);
            }
        }
    }

    @Test
    void aLastRecordTornByACrashIsCutOnOpenAndTheEarlierOnesAreIntact() throws IOException {
        appendThree();
        try (Spool spool = Spool.open(dir, SETTINGS)) {
            append(spool, "d", 100);
        }
        Path last = lastSegment(dir);
        truncate(last, 116 * 2 - 5);

        try (Spool spool = Spool.open(dir, SETTINGS)) {
            assertThat(Files.size(last)).isEqualTo(116);
            assertThat(texts(all(spool))).containsExactly("a", "b", "c");
            assertThat(append(spool, "e", 100)).as("the torn record's seq was never stored").isEqualTo(4);
            assertThat(texts(all(spool))).containsExactly("a", "b", "c", "e");
        }
    }

    @Test
    void aRecordTornWithinItsHeaderIsCut() throws IOException {
        appendThree();
        truncate(lastSegment(dir), 116 + 7);

        try (Spool spool = Spool.open(dir, SETTINGS)) {
            assertThat(texts(all(spool))).containsExactly("a", "b", "c");
            assertThat(Files.size(lastSegment(dir))).isEqualTo(116);
        }
    }

    @Test
    void garbageAfterTheLastRecordIsCutOnOpen() throws IOException {
        appendThree();
        Files.write(lastSegment(dir), new byte[]{0, 0, 0, 9, 1, 2, 3}, StandardOpenOption.APPEND);

        try (Spool spool = Spool.open(dir, SETTINGS)) {
            assertThat(texts(all(spool))).containsExactly("a", "b", "c");
            assertThat(Files.size(lastSegment(dir))).isEqualTo(116);
        }
    }

    @Test
    void aLengthFieldPointingPastTheEndIsTreatedAsTorn() throws IOException {
        appendThree();
        Files.write(lastSegment(dir), ByteBuffer.allocate(40).putInt(1_000_000).array(), StandardOpenOption.APPEND);

        try (Spool spool = Spool.open(dir, SETTINGS)) {
            assertThat(texts(all(spool))).containsExactly("a", "b", "c");
        }
    }

    @Test
    void aLastRecordWithBadChecksumIsCut() throws IOException {
        appendThree();
        Path last = lastSegment(dir);
        flipByte(last, 40); // inside c's record bytes

        try (Spool spool = Spool.open(dir, SETTINGS)) {
            assertThat(texts(all(spool))).containsExactly("a", "b");
            assertThat(Files.size(last)).isZero();
            assertThat(append(spool, "d", 100)).isEqualTo(3);
        }
    }

    @Test
    void anotherProcessesTornAppendIsRepairedByTheNextOperationOfAnOpenSpool() throws IOException {
        try (Spool spool = Spool.open(dir, SETTINGS)) {
            append(spool, "a", 100);
            // another process dies in the middle of its append, after this one opened the spool
            Files.write(lastSegment(dir), new byte[]{0, 0, 0, 100, 0, 0}, StandardOpenOption.APPEND);

            assertThat(append(spool, "b", 100)).isEqualTo(2);

            assertThat(texts(all(spool))).containsExactly("a", "b");
            assertThat(Files.size(lastSegment(dir))).isEqualTo(2 * 116);
        }
    }

    @Test
    void anEmptyNewestSegmentLeftByACrashIsUsedAndSeqsContinue() throws IOException {
        appendThree();
        Files.createFile(dir.resolve(SegmentFiles.name(3 * 116)));

        try (Spool spool = Spool.open(dir, SETTINGS)) {
            assertThat(append(spool, "d", 100)).isEqualTo(4);
            assertThat(texts(all(spool))).containsExactly("a", "b", "c", "d");
        }
    }

    @Test
    void damageInsideAnOlderSegmentSkipsToTheNextSegmentInsteadOfBlockingDelivery() throws IOException {
        try (Spool spool = Spool.open(dir, SETTINGS)) {
            for (String t : List.of("a", "b", "c", "d", "e")) {
                append(spool, t, 100);
            }
        }
        flipByte(dir.resolve(segmentFiles(dir).get(0)), 116 + 30); // b, in the first segment

        try (Spool spool = Spool.open(dir, SETTINGS)) {
            List<Entry> entries = all(spool);
            assertThat(texts(entries)).containsExactly("a", "c", "d", "e");
            spool.commit(entries.get(1));
            assertThat(texts(all(spool))).containsExactly("d", "e");
            assertThat(segmentFiles(dir)).hasSize(2);
        }
    }

    @Test
    void anUnreadableStateFileResendsFromTheOldestRecordAndKeepsSeqsGrowing() throws IOException {
        appendThree();
        try (Spool spool = Spool.open(dir, SETTINGS)) {
            spool.commit(all(spool).get(0));
        }
        Files.writeString(dir.resolve(StateFile.NAME), "committed=banana\n");

        try (Spool spool = Spool.open(dir, SETTINGS)) {
            assertThat(texts(all(spool))).containsExactly("a", "b", "c");
            assertThat(append(spool, "d", 100)).isEqualTo(4);
        }
    }

    @Test
    void aLostStateFileDoesNotMakeTheSpoolReadDeletedSegments() throws IOException {
        try (Spool spool = Spool.open(dir, SETTINGS)) {
            for (String t : List.of("a", "b", "c", "d", "e")) {
                append(spool, t, 100);
            }
            spool.commit(all(spool).get(2));
        }
        Files.delete(dir.resolve(StateFile.NAME));

        try (Spool spool = Spool.open(dir, SETTINGS)) {
            assertThat(texts(all(spool))).as("from the oldest segment still there").containsExactly("c", "d", "e");
            assertThat(append(spool, "f", 100)).isEqualTo(6);
        }
    }

    @Test
    void aStateFileOfAnotherFormatIsRefusedRatherThanMisread() throws IOException {
        appendThree();
        Files.writeString(dir.resolve(StateFile.NAME), "format=3\ncommitted=0\nlastSeq=3\n");

        assertThatThrownBy(() -> Spool.open(dir, SETTINGS)).isInstanceOf(IOException.class)
                .hasMessageContaining("format 3");
    }

    @Test
    void leftoverSegmentsWhollyBeforeTheCommittedPositionAreDeletedOnOpen() throws IOException {
        try (Spool spool = Spool.open(dir, SETTINGS)) {
            for (String t : List.of("a", "b", "c", "d", "e")) {
                append(spool, t, 100);
            }
            spool.commit(all(spool).get(3));
        }
        // as if a crash came between storing the committed position and deleting the delivered segment
        Files.write(dir.resolve(SegmentFiles.name(0)), new byte[232]);

        try (Spool spool = Spool.open(dir, SETTINGS)) {
            assertThat(segmentFiles(dir)).doesNotContain(SegmentFiles.name(0));
            assertThat(texts(all(spool))).containsExactly("e");
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static void flipByte(Path file, int at) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[at] ^= 0x55;
        Files.write(file, bytes);
    }
}
