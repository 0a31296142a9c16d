package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Entry;
import io.mihari.agent.spool.Spool.WhenFull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Prints rough rates for the record size of a typical event; asserts only that nothing went missing. */
class SpoolThroughputTest {

    static final int RECORD_BYTES = 200;

    @TempDir
    Path dir;

    @Test
    void printsAppendAndDrainRatesFor200ByteRecordsWithAndWithoutFsync() throws IOException {
        double synced = appendRate(dir.resolve("sync"), true, 1_000);
        double unsynced = appendRate(dir.resolve("nosync"), false, 50_000);
        double drain = drainRate(dir.resolve("nosync"), 50_000);

        System.out.printf("spool append, %d-byte records, fsync every append: %,.0f records/s%n", RECORD_BYTES, synced);
        System.out.printf("spool append, %d-byte records, no fsync:           %,.0f records/s%n", RECORD_BYTES,
                unsynced);
        System.out.printf("spool drain (peek 500 + commit), fsync per commit: %,.0f records/s%n", drain);
    }

    private static double appendRate(Path dir, boolean sync, int records) throws IOException {
        byte[] record = new byte[RECORD_BYTES];
        try (Spool spool = Spool.open(dir, SpoolSettings.of(1L << 30, WhenFull.REJECT_NEW).withSyncEveryAppend(sync))) {
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                spool.append(seq -> record);
            }
            double rate = records / ((System.nanoTime() - start) / 1e9);
            assertThat(spool.pendingRecords()).isEqualTo(records);
            return rate;
        }
    }

    private static double drainRate(Path dir, int records) throws IOException {
        try (Spool spool = Spool.open(dir, SpoolSettings.of(1L << 30, WhenFull.REJECT_NEW))) {
            long start = System.nanoTime();
            long drained = 0;
            for (List<Entry> batch = spool.peek(500); !batch.isEmpty(); batch = spool.peek(500)) {
                spool.commit(batch.get(batch.size() - 1));
                drained += batch.size();
            }
            double rate = drained / ((System.nanoTime() - start) / 1e9);
            assertThat(drained).isEqualTo(records);
            return rate;
        }
    }
}
