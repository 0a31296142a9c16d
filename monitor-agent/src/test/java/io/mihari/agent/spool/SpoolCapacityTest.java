package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Dropped;
import io.mihari.agent.spool.Spool.Entry;
import io.mihari.agent.spool.Spool.SpoolFullException;
import io.mihari.agent.spool.Spool.WhenFull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static io.mihari.agent.spool.Records.all;
import static io.mihari.agent.spool.Records.append;
import static io.mihari.agent.spool.Records.segmentFiles;
import static io.mihari.agent.spool.Records.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bound. With 100-byte records (116 bytes framed), 300-byte segments hold 2 records and 1000 bytes hold
 * 4 segments, i.e. 8 records.
 */
class SpoolCapacityTest {

    static final SpoolSettings DROP = new SpoolSettings(1000, WhenFull.DROP_OLDEST, true, 300);
    static final SpoolSettings REJECT = new SpoolSettings(1000, WhenFull.REJECT_NEW, true, 300);

    @TempDir
    Path dir;

    static void appendRecords(Spool spool, int from, int to) throws IOException {
        for (int i = from; i <= to; i++) {
            append(spool, "r" + i, 100);
        }
    }

    static List<String> names(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "r" + i).toList();
    }

    @Test
    void dropOldestDropsTheOldestSegmentWhenFullAndReportsTheGapOnce() throws IOException {
        try (Spool spool = Spool.open(dir, DROP)) {
            appendRecords(spool, 1, 8);
            assertThat(spool.takeDropped()).isEmpty();

            assertThat(append(spool, "r9", 100)).isEqualTo(9);

            assertThat(texts(all(spool))).isEqualTo(names(3, 9));
            assertThat(spool.takeDropped()).contains(new Dropped(2, 1, 2));
            assertThat(spool.takeDropped()).isEmpty();
            assertThat(segmentFiles(dir)).hasSize(4);
        }
    }

    @Test
    void dropsAddUpUntilTaken() throws IOException {
        try (Spool spool = Spool.open(dir, DROP)) {
            appendRecords(spool, 1, 12);

            assertThat(spool.takeDropped()).contains(new Dropped(4, 1, 4));
            assertThat(texts(all(spool))).isEqualTo(names(5, 12));
        }
    }

    @Test
    void theDropReportSurvivesARestart() throws IOException {
        try (Spool spool = Spool.open(dir, DROP)) {
            appendRecords(spool, 1, 9);
        }

        try (Spool reopened = Spool.open(dir, DROP)) {
            assertThat(reopened.takeDropped()).contains(new Dropped(2, 1, 2));
        }
        try (Spool again = Spool.open(dir, DROP)) {
            assertThat(again.takeDropped()).as("taken before the restart").isEmpty();
        }
    }

    @Test
    void onlyUndeliveredRecordsCountAsDropped() throws IOException {
        try (Spool spool = Spool.open(dir, DROP)) {
            appendRecords(spool, 1, 8);
            spool.commit(all(spool).get(0));

            appendRecords(spool, 9, 9);

            assertThat(spool.takeDropped()).contains(new Dropped(1, 2, 2));
            assertThat(texts(all(spool))).isEqualTo(names(3, 9));
        }
    }

    @Test
    void deliveredSegmentsAreFreedBeforeAnythingIsRefused() throws IOException {
        try (Spool spool = Spool.open(dir, REJECT)) {
            appendRecords(spool, 1, 2);
            spool.commit(all(spool).get(1)); // the segment being written stays on disk, delivered

            spool.append(seq -> new byte[800]); // 816 framed: fits only without r1 and r2

            assertThat(spool.takeDropped()).isEmpty();
            assertThat(all(spool)).extracting(Entry::seq).containsExactly(3L);
            assertThat(segmentFiles(dir)).containsExactly(SegmentFiles.name(232));
        }
    }

    @Test
    void aDeliveredRecordSharingTheOldestSegmentWithUndeliveredOnesGoesWithThem() throws IOException {
        try (Spool spool = Spool.open(dir, DROP)) {
            appendRecords(spool, 1, 1);
            spool.commit(all(spool).get(0));
            appendRecords(spool, 2, 9); // r1 and r2 share the first segment

            assertThat(spool.takeDropped()).as("r1 was delivered").contains(new Dropped(1, 2, 2));
            assertThat(texts(all(spool))).isEqualTo(names(3, 9));
        }
    }

    @Test
    void aSenderCommittingRecordsThatWereDroppedMeanwhileChangesNothing() throws IOException {
        try (Spool spool = Spool.open(dir, DROP)) {
            appendRecords(spool, 1, 8);
            List<Entry> inFlight = spool.peek(2);
            appendRecords(spool, 9, 9); // drops r1 and r2 while they are being sent

            spool.commit(inFlight.get(1));

            assertThat(texts(all(spool))).isEqualTo(names(3, 9));
            assertThat(spool.takeDropped()).contains(new Dropped(2, 1, 2));
        }
    }

    @Test
    void rejectNewRefusesTheRecordKeepsEverythingStoredAndCountsIt() throws IOException {
        try (Spool spool = Spool.open(dir, REJECT)) {
            appendRecords(spool, 1, 8);

            assertThatThrownBy(() -> append(spool, "r9", 100)).isInstanceOf(SpoolFullException.class)
                    .hasMessageContaining("seq 9").hasMessageContaining("REJECT_NEW")
                    .satisfies(e -> assertThat(((SpoolFullException) e).seq()).isEqualTo(9));

            assertThat(texts(all(spool))).isEqualTo(names(1, 8));
            assertThat(spool.takeDropped()).contains(new Dropped(1, 9, 9));
        }
    }

    @Test
    void aRefusedSeqIsNeverHandedOutAgainAlsoAfterARestart() throws IOException {
        try (Spool spool = Spool.open(dir, REJECT)) {
            appendRecords(spool, 1, 8);
            assertThatThrownBy(() -> append(spool, "r9", 100)).isInstanceOf(SpoolFullException.class);
            spool.commit(all(spool).get(1)); // frees the first segment
        }

        try (Spool reopened = Spool.open(dir, REJECT)) {
            assertThat(append(reopened, "r10", 100)).isEqualTo(10);
            assertThat(reopened.takeDropped()).contains(new Dropped(1, 9, 9));
        }
    }

    @Test
    void rejectNewAcceptsAgainOnceDeliveryMadeRoom() throws IOException {
        try (Spool spool = Spool.open(dir, REJECT)) {
            appendRecords(spool, 1, 8);
            assertThatThrownBy(() -> append(spool, "x", 100)).isInstanceOf(SpoolFullException.class);

            spool.commit(all(spool).get(3));

            appendRecords(spool, 10, 13);
            assertThat(texts(all(spool))).isEqualTo(names(5, 13).stream().filter(n -> !n.equals("r9")).toList());
            assertThatThrownBy(() -> append(spool, "y", 100)).isInstanceOf(SpoolFullException.class);
        }
    }

    @Test
    void aRecordLargerThanTheWholeSpoolIsRejectedWithAMessageAndItsSeqReused() throws IOException {
        try (Spool spool = Spool.open(dir, DROP)) {
            append(spool, "r1", 100);

            assertThatThrownBy(() -> spool.append(seq -> new byte[985]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("record of 985 bytes (1001 with its framing) is larger than the whole spool may be"
                            + " (maxBytes 1000); it was not stored");

            assertThat(texts(all(spool))).containsExactly("r1");
            assertThat(spool.takeDropped()).isEmpty();
            assertThat(append(spool, "r2", 100)).isEqualTo(2);
        }
    }

    @Test
    void aRecordBiggerThanASegmentGetsOneOfItsOwnAndTheBoundStillHolds() throws IOException {
        try (Spool spool = Spool.open(dir, DROP)) {
            appendRecords(spool, 1, 3);

            spool.append(seq -> new byte[900]);

            assertThat(all(spool)).extracting(Entry::seq).containsExactly(4L);
            assertThat(spool.takeDropped()).contains(new Dropped(3, 1, 3));
            assertThat(spool.pendingBytes()).isEqualTo(916);
        }
    }

    @Test
    void theSpoolNeverTakesMoreThanMaxBytesOnDisk() throws IOException {
        try (Spool spool = Spool.open(dir, DROP.withSyncEveryAppend(false))) {
            for (int i = 0; i < 200; i++) {
                int size = 1 + (i * 37) % 400;
                spool.append(seq -> new byte[size]);
                assertThat(diskBytes()).isLessThanOrEqualTo(1000);
            }
            assertThat(spool.pendingRecords()).isPositive();
        }
    }

    private long diskBytes() throws IOException {
        long sum = 0;
        for (String name : segmentFiles(dir)) {
            sum += java.nio.file.Files.size(dir.resolve(name));
        }
        return sum;
    }
}
