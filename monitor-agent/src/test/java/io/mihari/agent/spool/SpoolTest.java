package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Entry;
import io.mihari.agent.spool.Spool.WhenFull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Path;
import java.util.List;

import static io.mihari.agent.spool.Records.all;
import static io.mihari.agent.spool.Records.append;
import static io.mihari.agent.spool.Records.record;
import static io.mihari.agent.spool.Records.segmentFiles;
import static io.mihari.agent.spool.Records.seqInside;
import static io.mihari.agent.spool.Records.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpoolTest {

    /** 2 frames of 100-byte records (116 bytes each) fit in a segment. */
    static final SpoolSettings SMALL_SEGMENTS = SpoolSettings.of(1 << 20, WhenFull.DROP_OLDEST).withSegmentBytes(300);

    @TempDir
    Path dir;

    @Test
    void recordsComeBackInAppendOrderWithIncreasingSeqsGivenToTheRecordBuilder() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS)) {
            assertThat(List.of(append(spool, "a", 100), append(spool, "b", 100), append(spool, "c", 100)))
                    .containsExactly(1L, 2L, 3L);

            List<Entry> entries = all(spool);

            assertThat(texts(entries)).containsExactly("a", "b", "c");
            assertThat(entries).extracting(Entry::seq).containsExactly(1L, 2L, 3L);
            assertThat(entries).allSatisfy(e -> assertThat(seqInside(e)).isEqualTo(e.seq()));
            assertThat(entries).extracting(Entry::position).containsExactly(0L, 116L, 232L);
        }
    }

    @Test
    void peekReturnsAtMostMaxAndRemovesNothing() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS)) {
            for (String t : List.of("a", "b", "c", "d", "e")) {
                append(spool, t, 100);
            }

            assertThat(texts(spool.peek(2))).containsExactly("a", "b");
            assertThat(texts(spool.peek(4))).containsExactly("a", "b", "c", "d");
            assertThat(spool.peek(0)).isEmpty();
            assertThat(texts(all(spool))).containsExactly("a", "b", "c", "d", "e");
        }
    }

    @Test
    void peekAfterCommitContinuesRightAfterTheCommittedRecordAcrossSegments() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS)) {
            for (String t : List.of("a", "b", "c", "d", "e")) {
                append(spool, t, 100);
            }

            spool.commit(spool.peek(3).get(2));

            assertThat(texts(all(spool))).containsExactly("d", "e");
            spool.commit(spool.peek(1).get(0));
            assertThat(texts(all(spool))).containsExactly("e");
        }
    }

    @Test
    void reopenedSpoolContinuesAfterTheCommittedRecordAndSeqsKeepGrowing() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS)) {
            for (String t : List.of("a", "b", "c", "d")) {
                append(spool, t, 100);
            }
            spool.commit(spool.peek(3).get(2));
        }

        try (Spool reopened = Spool.open(dir, SMALL_SEGMENTS)) {
            assertThat(texts(all(reopened))).containsExactly("d");
            assertThat(append(reopened, "e", 100)).isEqualTo(5);
            assertThat(all(reopened)).extracting(Entry::seq).containsExactly(4L, 5L);
        }
    }

    @Test
    void committingEverythingAndReopeningLeavesNothingPendingAndSeqsStillGrow() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS)) {
            append(spool, "a", 100);
            append(spool, "b", 100);
            spool.commit(all(spool).get(1));
        }

        try (Spool reopened = Spool.open(dir, SMALL_SEGMENTS)) {
            assertThat(all(reopened)).isEmpty();
            assertThat(reopened.pendingRecords()).isZero();
            assertThat(append(reopened, "c", 100)).isEqualTo(3);
        }
    }

    @Test
    void fullyDeliveredSegmentsAreDeletedButTheOneBeingWrittenIsKept() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 10; i++) {
                append(spool, "r" + i, 100);
            }
            assertThat(segmentFiles(dir)).hasSize(5);

            spool.commit(all(spool).get(4)); // first record of the third segment

            assertThat(segmentFiles(dir)).containsExactly("segment-00000000000000000464.log",
                    "segment-00000000000000000696.log", "segment-00000000000000000928.log");
            spool.commit(all(spool).get(4)); // the last record
            assertThat(segmentFiles(dir)).containsExactly("segment-00000000000000000928.log");
            assertThat(all(spool)).isEmpty();
            append(spool, "next", 100);
            assertThat(segmentFiles(dir)).containsExactly("segment-00000000000000000928.log",
                    "segment-00000000000000001160.log");
        }
    }

    @Test
    void pendingRecordsAndBytesCountWhatIsNotCommitted() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS)) {
            assertThat(spool.pendingRecords()).isZero();
            assertThat(spool.pendingBytes()).isZero();
            for (int i = 0; i < 7; i++) {
                append(spool, "r" + i, 100);
            }
            assertThat(spool.pendingRecords()).isEqualTo(7);
            assertThat(spool.pendingBytes()).isEqualTo(7 * 116);

            spool.commit(all(spool).get(2));

            assertThat(spool.pendingRecords()).isEqualTo(4);
            assertThat(spool.pendingBytes()).isEqualTo(4 * 116);
        }
    }

    @Test
    void committingAgainOrCommittingAnOlderRecordChangesNothing() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS)) {
            for (String t : List.of("a", "b", "c")) {
                append(spool, t, 100);
            }
            List<Entry> entries = all(spool);
            spool.commit(entries.get(1));

            spool.commit(entries.get(1));
            spool.commit(entries.get(0));

            assertThat(texts(all(spool))).containsExactly("c");
        }
    }

    @Test
    void committingARecordOfAnotherSpoolIsRefused() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS)) {
            append(spool, "a", 100);
            append(spool, "b", 100);
            Entry real = all(spool).get(0);

            assertThatThrownBy(() -> spool.commit(new Entry(real.position(), 7, real.record())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a record of spool");
            assertThatThrownBy(() -> spool.commit(new Entry(50, 1, real.record())))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> spool.commit(new Entry(10_000, 9, new byte[100])))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(texts(all(spool))).containsExactly("a", "b");
        }
    }

    @Test
    void recordsLargerThanTheReadBufferRoundTrip() throws IOException {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        try (Spool spool = Spool.open(dir, SpoolSettings.of(10 << 20, WhenFull.REJECT_NEW))) {
            append(spool, "small", 100);
            spool.append(seq -> big);
            append(spool, "after", 100);
        }

        try (Spool reopened = Spool.open(dir, SpoolSettings.of(10 << 20, WhenFull.REJECT_NEW))) {
            List<Entry> entries = all(reopened);
            assertThat(entries).hasSize(3);
            assertThat(entries.get(1).record()).isEqualTo(big);
            assertThat(Records.text(entries.get(2))).isEqualTo("after");
        }
    }

    @Test
    void withoutSyncRecordsAreStoredTheSame() throws IOException {
        SpoolSettings noSync = SMALL_SEGMENTS.withSyncEveryAppend(false);
        try (Spool spool = Spool.open(dir, noSync)) {
            for (String t : List.of("a", "b", "c")) {
                append(spool, t, 100);
            }
            spool.commit(all(spool).get(0));
        }

        try (Spool reopened = Spool.open(dir, noSync)) {
            assertThat(texts(all(reopened))).containsExactly("b", "c");
        }
    }

    @Test
    void anInterruptedAppendFailsButLeavesTheSpoolUsable() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS)) {
            append(spool, "a", 100);

            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> append(spool, "interrupted", 100))
                        .isInstanceOfAny(ClosedByInterruptException.class, FileLockInterruptionException.class);
            } finally {
                Thread.interrupted();
            }

            append(spool, "b", 100);
            assertThat(texts(all(spool))).containsExactly("a", "b");
            assertThat(all(spool)).extracting(Entry::seq).containsExactly(1L, 2L);
        }
    }

    @Test
    void aRecordBuilderCallingBackIntoTheSpoolFailsInsteadOfDeadlocking() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS)) {
            assertThatThrownBy(() -> spool.append(seq -> {
                try {
                    spool.peek(1);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return new byte[1];
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("called again");

            assertThat(append(spool, "a", 10)).isEqualTo(1);
        }
    }

    @Test
    void aFailingRecordBuilderStoresNothingAndItsSeqIsHandedOutAgain() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS)) {
            append(spool, "a", 100);

            assertThatThrownBy(() -> spool.append(seq -> {
                throw new IllegalStateException("cannot encode");
            })).hasMessage("cannot encode");

            assertThat(append(spool, "b", 100)).isEqualTo(2);
            assertThat(texts(all(spool))).containsExactly("a", "b");
        }
    }

    @Test
    void aClosedSpoolRefusesToWork() throws IOException {
        Spool spool = Spool.open(dir, SMALL_SEGMENTS);
        spool.close();
        spool.close();

        assertThatThrownBy(() -> append(spool, "a", 10)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> spool.peek(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(spool::tryAcquireSender).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void entriesAreValuesWithTheirRecordContent() {
        Entry a = new Entry(116, 2, record("x", 2, 10));
        Entry b = new Entry(116, 2, record("x", 2, 10));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.end()).isEqualTo(116 + 26);
        assertThat(a.toString()).contains("seq=2", "10 bytes");
        assertThatThrownBy(() -> new Entry(-1, 1, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Entry(0, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Entry(0, 1, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
