package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Entry;
import io.mihari.agent.spool.Spool.WhenFull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.mihari.agent.spool.Records.all;
import static io.mihari.agent.spool.Records.append;
import static io.mihari.agent.spool.Records.seqInside;
import static io.mihari.agent.spool.Records.text;
import static io.mihari.agent.spool.Records.texts;
import static org.assertj.core.api.Assertions.assertThat;

/** Several writers on one folder: threads, several Spool instances in one JVM, and a second process. */
class SpoolConcurrencyTest {

    /** Small segments, so that writers also roll segments under each other. */
    static final SpoolSettings SETTINGS = SpoolSettings.of(64L << 20, WhenFull.DROP_OLDEST).withSegmentBytes(2048);

    @TempDir
    Path dir;

    @Test
    void twoSpoolsOnOneFolderAppendingFromManyThreadsWhileAThirdDeliversLoseAndDuplicateNothing() throws Exception {
        int threadsPerSpool = 4;
        int perThread = 250;
        SpoolSettings settings = SETTINGS.withSyncEveryAppend(false);
        ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerSpool + 1);
        try (Spool a = Spool.open(dir, settings); Spool b = Spool.open(dir, settings);
             Spool sender = Spool.open(dir, settings)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> writers = new ArrayList<>();
            for (Spool spool : List.of(a, b)) {
                for (int t = 0; t < threadsPerSpool; t++) {
                    String writer = (spool == a ? "a" : "b") + t;
                    writers.add(pool.submit(() -> appendAll(spool, writer, perThread, start)));
                }
            }
            AtomicBoolean writersDone = new AtomicBoolean();
            Future<List<Entry>> delivered = pool.submit(deliverUntilDone(sender, writersDone));
            start.countDown();

            List<List<Long>> seqsByWriter = new ArrayList<>();
            for (Future<List<Long>> writer : writers) {
                seqsByWriter.add(writer.get(60, TimeUnit.SECONDS));
            }
            writersDone.set(true);
            List<Entry> stored = delivered.get(60, TimeUnit.SECONDS);

            int total = 2 * threadsPerSpool * perThread;
            assertThat(all(sender)).isEmpty();
            assertThat(stored).extracting(Entry::seq)
                    .as("every seq once, increasing in storage order")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(stored).allSatisfy(e -> assertThat(seqInside(e)).isEqualTo(e.seq()));
            assertThat(texts(stored)).doesNotHaveDuplicates().hasSize(total);
            for (List<Long> seqs : seqsByWriter) {
                assertThat(seqs).isSorted().doesNotHaveDuplicates();
            }
            assertEachWritersRecordsInItsOrder(stored, perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSecondProcessAppendingAtTheSameTimeLosesAndDuplicatesNothing() throws Exception {
        int perWriter = 400;
        try (ChildJvm child = new ChildJvm(SpoolAppendMain.class, dir.toString(), String.valueOf(perWriter),
                String.valueOf(SETTINGS.segmentBytes()));
             Spool spool = Spool.open(dir, SETTINGS)) {
            assertThat(child.readLine()).isEqualTo("ready");

            child.send("go");
            for (int i = 0; i < perWriter; i++) {
                append(spool, "parent-" + i, 60);
            }
            assertThat(child.readLine()).isEqualTo("done");
            assertThat(child.finish()).isZero();

            List<Entry> stored = all(spool);
            assertThat(stored).extracting(Entry::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 2L * perWriter).boxed().toList());
            assertThat(stored).allSatisfy(e -> assertThat(seqInside(e)).isEqualTo(e.seq()));
            assertEachWritersRecordsInItsOrder(stored, perWriter);
            System.out.printf("two processes, %d appends each: the writer changed %d times in storage order%n",
                    perWriter, writerChanges(stored));
        }
    }

    @Test
    void whatAnotherProcessAppendedIsSeenWithoutReopening() throws Exception {
        try (Spool spool = Spool.open(dir, SETTINGS)) {
            append(spool, "parent-0", 60);
            try (ChildJvm child = new ChildJvm(SpoolAppendMain.class, dir.toString(), "3",
                    String.valueOf(SETTINGS.segmentBytes()))) {
                assertThat(child.readLine()).isEqualTo("ready");
                child.send("go");
                assertThat(child.readLine()).isEqualTo("done");
                assertThat(child.finish()).isZero();
            }

            assertThat(append(spool, "parent-1", 60)).isEqualTo(5);
            assertThat(texts(all(spool))).containsExactly("parent-0", "child-0", "child-1", "child-2", "parent-1");
        }
    }

    @Test
    void aProcessKilledWhileAppendingLeavesEveryRecordItReportedAndSeqsContinue() throws Exception {
        long reported = 0;
        try (ChildJvm child = new ChildJvm(SpoolAppendMain.class, dir.toString(), "-1",
                String.valueOf(SETTINGS.segmentBytes()))) {
            assertThat(child.readLine()).isEqualTo("ready");
            child.send("go");
            while (reported < 300) {
                reported = Long.parseLong(child.readLine());
            }
            child.kill();
        }

        try (Spool spool = Spool.open(dir, SETTINGS)) {
            List<Entry> stored = all(spool);
            assertThat(stored.size()).isGreaterThanOrEqualTo((int) reported);
            assertThat(stored).extracting(Entry::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, stored.size()).boxed().toList());
            assertThat(stored).allSatisfy(e -> assertThat(seqInside(e)).isEqualTo(e.seq()));
            assertThat(append(spool, "after", 60)).isEqualTo(stored.size() + 1);
        }
    }

    private static List<Long> appendAll(Spool spool, String writer, int count, CountDownLatch start)
            throws IOException, InterruptedException {
        start.await();
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seqs.add(append(spool, writer + "-" + i, 60));
        }
        return seqs;
    }

    /** A sender: peeks and commits until the writers are done and nothing is left; returns what it delivered. */
    private static Callable<List<Entry>> deliverUntilDone(Spool sender, AtomicBoolean writersDone) {
        return () -> {
            List<Entry> delivered = new ArrayList<>();
            while (true) {
                boolean lastRound = writersDone.get();
                List<Entry> batch = sender.peek(37);
                if (batch.isEmpty() && lastRound) {
                    return delivered;
                }
                if (!batch.isEmpty()) {
                    delivered.addAll(batch);
                    sender.commit(batch.get(batch.size() - 1));
                }
            }
        };
    }

    /** Records are {@code <writer>-<i>}: each writer's must appear as 0, 1, 2, ... */
    private static void assertEachWritersRecordsInItsOrder(List<Entry> stored, int perWriter) {
        var byWriter = stored.stream().map(Records::text)
                .collect(java.util.stream.Collectors.groupingBy(t -> t.substring(0, t.lastIndexOf('-'))));
        assertThat(byWriter.values()).allSatisfy(texts -> assertThat(texts).isEqualTo(IntStream.range(0, perWriter)
                .mapToObj(i -> texts.get(0).substring(0, texts.get(0).lastIndexOf('-')) + "-" + i).toList()));
    }

    private static long writerChanges(List<Entry> stored) {
        return IntStream.range(1, stored.size())
                .filter(i -> text(stored.get(i)).charAt(0) != text(stored.get(i - 1)).charAt(0)).count();
    }
}
