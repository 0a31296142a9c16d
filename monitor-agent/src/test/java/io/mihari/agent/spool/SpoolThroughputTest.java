package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Entry;
import io.mihari.agent.spool.Spool.WhenFull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints rough rates for the record size of a typical event, also with encryption; asserts only that nothing went
 * missing.
 */
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

    @Test
    void printsTheRatesWithoutFsyncWithAndWithoutEncryptionSideBySide() throws IOException {
        SpoolEncryption aes = SpoolEncryption.with(SpoolKeys.of(List.of(SpoolEncryptionTest.key("bench", 3))));
        appendRate(dir.resolve("warm-plain"), false, 20_000, SpoolEncryption.OFF); // both paths compiled first
        appendRate(dir.resolve("warm-aes"), false, 20_000, aes);
        drainRate(dir.resolve("warm-plain"), 20_000, SpoolEncryption.OFF);
        drainRate(dir.resolve("warm-aes"), 20_000, aes);
        double plainAppend = appendRate(dir.resolve("plain"), false, 50_000, SpoolEncryption.OFF);
        double aesAppend = appendRate(dir.resolve("aes"), false, 50_000, aes);
        double plainDrain = drainRate(dir.resolve("plain"), 50_000, SpoolEncryption.OFF);
        double aesDrain = drainRate(dir.resolve("aes"), 50_000, aes);

        System.out.printf("spool append, %d-byte records, no fsync: %,.0f records/s plain, %,.0f records/s AES-256-GCM%n",
                RECORD_BYTES, plainAppend, aesAppend);
        System.out.printf("spool drain (peek 500 + commit):          %,.0f records/s plain, %,.0f records/s AES-256-GCM%n",
                plainDrain, aesDrain);
    }

    private static double appendRate(Path dir, boolean sync, int records) throws IOException {
        return appendRate(dir, sync, records, SpoolEncryption.OFF);
    }

    private static double appendRate(Path dir, boolean sync, int records, SpoolEncryption encryption)
            throws IOException {
        byte[] record = new byte[RECORD_BYTES];
        try (Spool spool = Spool.open(dir, SpoolSettings.of(1L << 30, WhenFull.REJECT_NEW).withSyncEveryAppend(sync)
                .withEncryption(encryption))) {
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
        return drainRate(dir, records, SpoolEncryption.OFF);
    }

    private static double drainRate(Path dir, int records, SpoolEncryption encryption) throws IOException {
        try (Spool spool = Spool.open(dir, SpoolSettings.of(1L << 30, WhenFull.REJECT_NEW).withEncryption(encryption))) {
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
