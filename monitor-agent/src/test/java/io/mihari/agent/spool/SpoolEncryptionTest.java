package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Backlog;
import io.mihari.agent.spool.Spool.Entry;
import io.mihari.agent.spool.Spool.Unreadable;
import io.mihari.agent.spool.Spool.WhenFull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.mihari.agent.spool.Records.all;
import static io.mihari.agent.spool.Records.append;
import static io.mihari.agent.spool.Records.lastSegment;
import static io.mihari.agent.spool.Records.segmentFiles;
import static io.mihari.agent.spool.Records.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records encrypted and authenticated at rest: what reaches the disk, what comes back, and what happens to a record
 * that was altered, moved, copied in again, or encrypted under a key that is not (or no longer) there.
 */
class SpoolEncryptionTest {

    static final SpoolKeys.Key K1 = key("k1", 1);
    static final SpoolKeys.Key K2 = key("k2", 2);
    static final SpoolSettings PLAIN = SpoolSettings.of(1 << 20, WhenFull.DROP_OLDEST).withSegmentBytes(600);
    static final SpoolSettings UNDER_K1 = PLAIN.withEncryption(SpoolEncryption.with(SpoolKeys.of(List.of(K1))));
    static final String MARKER = "krs-juki-db1 個人番号照会";

    @TempDir
    Path dir;

    static SpoolKeys.Key key(String id, int fill) {
        byte[] material = new byte[SpoolKeys.KEY_BYTES];
        Arrays.fill(material, (byte) fill);
        return new SpoolKeys.Key(id, material);
    }

    static SpoolSettings under(SpoolKeys.Key... keys) {
        return PLAIN.withEncryption(SpoolEncryption.with(SpoolKeys.of(List.of(keys))));
    }

    /** A record with the marker in it, of exactly 100 bytes. */
    static byte[] secret(String text, long seq) {
        byte[] body = (text + "@" + seq + " " + MARKER).getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(body, 100);
    }

    static void appendSecrets(Spool spool, String... texts) throws IOException {
        for (String text : texts) {
            spool.append(seq -> secret(text, seq));
        }
    }

    static String text(Entry entry) {
        String s = new String(entry.record(), StandardCharsets.UTF_8);
        return s.substring(0, s.indexOf('@'));
    }

    static List<String> textsOf(List<Entry> entries) {
        return entries.stream().map(SpoolEncryptionTest::text).toList();
    }

    @Test
    void recordsComeBackAsTheyWereAndTheDiskNeverHoldsThem() throws IOException {
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            appendSecrets(spool, "a", "b", "c", "d", "e");
            List<Entry> entries = all(spool);

            assertThat(textsOf(entries)).containsExactly("a", "b", "c", "d", "e");
            assertThat(entries).extracting(Entry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(entries.get(0).record()).isEqualTo(secret("a", 1));
            assertThat(entries.get(0).end()).as("the stored record is longer than the plaintext")
                    .isEqualTo(Frames.size(100 + RecordCipher.overhead("k1")));
            assertThat(entries.get(1).position()).isEqualTo(entries.get(0).end());
            spool.commit(entries.get(1));
            assertThat(textsOf(all(spool))).containsExactly("c", "d", "e");
            assertThat(spool.pendingRecords()).isEqualTo(3);
        }
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        for (String segment : segmentFiles(dir)) {
            byte[] bytes = Files.readAllBytes(dir.resolve(segment));
            assertThat(indexOf(bytes, marker)).as(segment + " holds the plaintext").isEqualTo(-1);
            assertThat(indexOf(bytes, "@3".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
            assertThat(bytes[0] & 0x80).as("frame flagged encrypted").isNotZero();
        }
        assertThat(Files.readString(dir.resolve(StateFile.NAME)))
                .as("format 2: an agent from before encryption refuses the folder").startsWith("format=2\n");
        try (Spool reopened = Spool.open(dir, UNDER_K1)) {
            assertThat(textsOf(all(reopened))).containsExactly("c", "d", "e");
        }
    }

    @Test
    void everyRecordGetsItsOwnNonce() throws IOException {
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            spool.append(seq -> new byte[100]);
            spool.append(seq -> new byte[100]);
        }
        List<byte[]> records = storedRecords(lastSegment(dir));
        int nonceAt = 2 + "k1".length();
        assertThat(Arrays.copyOfRange(records.get(0), nonceAt, nonceAt + RecordCipher.NONCE_BYTES))
                .isNotEqualTo(Arrays.copyOfRange(records.get(1), nonceAt, nonceAt + RecordCipher.NONCE_BYTES));
    }

    @Test
    void anAlteredRecordIsNotDeliveredButReportedWithItsSegmentAndSeqAndCounted() throws IOException {
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            appendSecrets(spool, "a", "b", "c");
        }
        Path segment = dir.resolve(segmentFiles(dir).get(0));
        alterFrame(segment, 1, record -> record[record.length - 20] ^= 0x01); // b's ciphertext, checksum made good

        try (Spool spool = Spool.open(dir, UNDER_K1); LogCapture log = new LogCapture(Spool.class)) {
            List<Entry> first = spool.peek(10);
            assertThat(textsOf(first)).as("up to the altered record").containsExactly("a");
            spool.commit(first.get(0));

            assertThat(textsOf(spool.peek(10))).as("b is passed over").containsExactly("c");
            assertThat(spool.takeUnreadable()).contains(new Unreadable(1, 2, 2));
            assertThat(spool.takeUnreadable()).as("announced once").isEmpty();
            assertThat(spool.backlog().unreadable()).as("but counted for good").isEqualTo(1);
            assertThat(spool.pendingRecords()).isEqualTo(1);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("record seq 2 in " + segment.getFileName()).contains("fails authentication")
                    .contains("key id 'k1'"));
        }
    }

    @Test
    void aRecordWhoseSeqWasChangedIsNotDelivered() throws IOException {
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            appendSecrets(spool, "a", "b");
        }
        Path segment = dir.resolve(segmentFiles(dir).get(0));
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        int b = bytes.capacity() / 2;
        int length = Frames.length(bytes.getInt(b));
        bytes.putLong(b + Integer.BYTES, 0); // an impossible seq, with a good checksum
        bytes.putInt(b + Frames.HEADER + length, Frames.crc(bytes, b + Integer.BYTES, Long.BYTES + length));
        Files.write(segment, bytes.array());

        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            List<Entry> entries = all(spool);
            assertThat(textsOf(entries)).containsExactly("a");
            spool.commit(entries.get(0));
            assertThat(spool.peek(10)).as("passed over, not an exception in the sender").isEmpty();
            assertThat(spool.takeUnreadable()).contains(new Unreadable(1, 0, 0));
        }
    }

    @Test
    void swappedFramesAreNotDelivered() throws IOException {
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            appendSecrets(spool, "a", "b", "c");
        }
        Path segment = dir.resolve(segmentFiles(dir).get(0));
        byte[] bytes = Files.readAllBytes(segment);
        int frame = bytes.length / 3; // three frames of the same size, each with its own good checksum
        byte[] swapped = bytes.clone();
        System.arraycopy(bytes, 0, swapped, frame, frame);
        System.arraycopy(bytes, frame, swapped, 0, frame);
        Files.write(segment, swapped);

        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            assertThat(textsOf(all(spool))).containsExactly("c");
            assertThat(spool.takeUnreadable()).contains(new Unreadable(2, 1, 2));
        }
    }

    @Test
    void anOldFrameCopiedInAgainIsNotDelivered() throws IOException {
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            appendSecrets(spool, "a", "b");
            spool.commit(all(spool).get(0));
        }
        Path segment = dir.resolve(segmentFiles(dir).get(0));
        byte[] bytes = Files.readAllBytes(segment);
        Files.write(segment, Arrays.copyOf(bytes, bytes.length / 2), StandardOpenOption.APPEND); // a, delivered, again

        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            assertThat(textsOf(all(spool))).containsExactly("b");
            spool.commit(all(spool).get(0));
            assertThat(spool.peek(10)).isEmpty();
            assertThat(spool.takeUnreadable()).contains(new Unreadable(1, 1, 1));
            assertThat(Records.append(spool, "after", 50)).as("seqs go on").isEqualTo(3);
        }
    }

    @Test
    void anotherKeyUnderTheSameIdFailsAuthentication() throws IOException {
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            appendSecrets(spool, "a", "b");
        }
        try (Spool spool = Spool.open(dir, under(key("k1", 9))); LogCapture log = new LogCapture(Spool.class)) {
            assertThat(spool.peek(10)).isEmpty();
            assertThat(spool.pendingRecords()).isZero();
            assertThat(spool.takeUnreadable()).contains(new Unreadable(2, 1, 2));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("fails authentication"));
        }
    }

    @Test
    void aKeyIdThatIsNotInTheKeyFileIsReportedAndCounted() throws IOException {
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            appendSecrets(spool, "a");
        }
        try (Spool spool = Spool.open(dir, under(K2)); LogCapture log = new LogCapture(Spool.class)) {
            appendSecrets(spool, "b");
            assertThat(spool.backlog().byKey()).isEqualTo(Map.of("k1", 1L, "k2", 1L));

            assertThat(textsOf(all(spool))).containsExactly("b");
            assertThat(spool.takeUnreadable()).contains(new Unreadable(1, 1, 1));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("record seq 1 in")
                    .contains("key id 'k1', which is not in the key file (ids there: k2)"));
        }
    }

    @Test
    void withoutAKeyFileEncryptedRecordsAreCountedNotSentAsTheyAre() throws IOException {
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            appendSecrets(spool, "a", "b");
        }
        try (Spool spool = Spool.open(dir, PLAIN); LogCapture log = new LogCapture(Spool.class)) {
            Records.append(spool, "plain", 50);

            assertThat(Records.texts(spool.peek(10))).containsExactly("plain");
            assertThat(spool.takeUnreadable()).contains(new Unreadable(2, 1, 2));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("no key file is configured (mihari.agent.spool.encryption.key-file)"));
        }
    }

    @Test
    void aRotationKeepsOlderRecordsReadableAndEncryptsNewOnesWithTheNewKey() throws IOException {
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            appendSecrets(spool, "a", "b");
        }
        try (Spool spool = Spool.open(dir, under(K2, K1))) {
            appendSecrets(spool, "c");
            Backlog backlog = spool.backlog();
            assertThat(backlog.byKey()).isEqualTo(Map.of("k1", 2L, "k2", 1L));
            assertThat(backlog.currentKey()).contains("k2");
            assertThat(backlog.records()).isEqualTo(3);

            List<Entry> entries = all(spool);
            assertThat(textsOf(entries)).containsExactly("a", "b", "c");
            spool.commit(entries.get(1));
            assertThat(spool.backlog().byKey()).as("nothing left under k1: it may go").isEqualTo(Map.of("k2", 1L));
        }
        try (Spool spool = Spool.open(dir, under(K2))) {
            assertThat(textsOf(all(spool))).containsExactly("c");
            assertThat(spool.takeUnreadable()).isEmpty();
        }
    }

    @Test
    void aPlaintextSpoolFromBeforeTheUpgradeIsStillDelivered() throws IOException {
        try (Spool spool = Spool.open(dir, PLAIN)) {
            Records.append(spool, "old1", 100);
            Records.append(spool, "old2", 100);
        }
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            appendSecrets(spool, "new");
            Backlog backlog = spool.backlog();
            assertThat(backlog.unencrypted()).isEqualTo(2);
            assertThat(backlog.byKey()).isEqualTo(Map.of("k1", 1L));

            List<Entry> entries = all(spool);
            assertThat(entries).hasSize(3);
            assertThat(Records.text(entries.get(0))).isEqualTo("old1");
            assertThat(Records.text(entries.get(1))).isEqualTo("old2");
            assertThat(text(entries.get(2))).isEqualTo("new");
            assertThat(spool.takeUnreadable()).isEmpty();
        }
    }

    @Test
    void unencryptedRecordsAreRefusedAndCountedWhenTheSettingSaysSo() throws IOException {
        try (Spool spool = Spool.open(dir, PLAIN)) {
            Records.append(spool, "old", 100);
        }
        SpoolSettings refusing = PLAIN.withEncryption(
                SpoolEncryption.with(SpoolKeys.of(List.of(K1))).deliveringUnencrypted(false));
        try (Spool spool = Spool.open(dir, refusing); LogCapture log = new LogCapture(Spool.class)) {
            appendSecrets(spool, "new");
            assertThat(textsOf(all(spool))).containsExactly("new");
            assertThat(spool.takeUnreadable()).contains(new Unreadable(1, 1, 1));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("mihari.agent.spool.encryption.deliver-unencrypted is false"));
        }
    }

    @Test
    void manyUnreadableRecordsArePassedOverInOneCallAndNotEachLogged() throws IOException {
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            for (int i = 0; i < 30; i++) {
                appendSecrets(spool, "x" + i);
            }
            appendSecrets(spool, "last");
        }
        Path first = dir.resolve(segmentFiles(dir).get(0));
        try (Spool spool = Spool.open(dir, under(K2, K1))) {
            appendSecrets(spool, "readable");
        }
        try (Spool spool = Spool.open(dir, under(K2)); LogCapture log = new LogCapture(Spool.class)) {
            assertThat(textsOf(spool.peek(5))).containsExactly("readable");
            assertThat(spool.takeUnreadable()).contains(new Unreadable(31, 1, 31));
            assertThat(log.lines().stream().filter(l -> l.contains("is not delivered"))).hasSize(10);
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("31 records (seqs 1 to 31)"));
            assertThat(first).as("the passed-over segments are deleted like delivered ones").doesNotExist();
        }
    }

    @Test
    void aRecordTornByACrashIsStillCutOnOpen() throws IOException {
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            appendSecrets(spool, "a", "b");
        }
        Path segment = dir.resolve(segmentFiles(dir).get(0));
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 7);
        }

        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            assertThat(Files.size(segment)).isEqualTo(size / 2);
            assertThat(textsOf(all(spool))).containsExactly("a");
            assertThat(spool.append(seq -> secret("c", seq))).as("the torn record's seq was never stored").isEqualTo(2);
            assertThat(textsOf(all(spool))).containsExactly("a", "c");
            assertThat(spool.takeUnreadable()).as("torn is not unreadable").isEmpty();
        }
    }

    @Test
    void aFlippedByteWithoutAGoodChecksumIsDamageAsBeforeNotAnAuthenticationFailure() throws IOException {
        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            appendSecrets(spool, "a", "b");
        }
        Path segment = dir.resolve(segmentFiles(dir).get(0));
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 30] ^= 0x55; // inside b
        Files.write(segment, bytes);

        try (Spool spool = Spool.open(dir, UNDER_K1)) {
            assertThat(textsOf(all(spool))).as("cut as torn, like a plaintext record").containsExactly("a");
        }
    }

    @Test
    void aFullSpoolStillDropsTheOldestAndCountsThem() throws IOException {
        SpoolSettings small = new SpoolSettings(1000, WhenFull.DROP_OLDEST, true, 300)
                .withEncryption(UNDER_K1.encryption());
        try (Spool spool = Spool.open(dir, small)) {
            for (int i = 1; i <= 12; i++) {
                Records.append(spool, "r" + i, 100);
            }
            List<Entry> left = all(spool);
            List<String> texts = Records.texts(left);
            assertThat(texts).last().isEqualTo("r12");
            assertThat(spool.takeDropped().orElseThrow().count() + texts.size()).isEqualTo(12);
            assertThat(spool.takeUnreadable()).isEmpty();
            spool.commit(left.get(left.size() - 1));
            assertThat(spool.pendingRecords()).isZero();
        }
    }

    @Test
    void dropsAndUnreadableRecordsAreTakenTogetherOnce() throws IOException {
        SpoolSettings small = new SpoolSettings(1000, WhenFull.DROP_OLDEST, true, 300);
        try (Spool spool = Spool.open(dir, small.withEncryption(UNDER_K1.encryption()))) {
            appendSecrets(spool, "a");
        }
        try (Spool spool = Spool.open(dir, small.withEncryption(under(K2).encryption()))) {
            appendSecrets(spool, "b");
            spool.peek(10); // passes a over
            for (int i = 0; i < 8; i++) {
                appendSecrets(spool, "c" + i); // and drops the oldest
            }

            Spool.Losses losses = spool.takeLosses();
            assertThat(losses.unreadable()).contains(new Unreadable(1, 1, 1));
            assertThat(losses.dropped()).isPresent();
            assertThat(spool.takeLosses()).isEqualTo(new Spool.Losses(Optional.empty(), Optional.empty()));
            assertThat(spool.backlog().unreadable()).isEqualTo(1);
        }
    }

    @Test
    void twoInstancesOnOneFolderReadEachOthersRecords() throws IOException {
        try (Spool a = Spool.open(dir, UNDER_K1); Spool b = Spool.open(dir, UNDER_K1)) {
            appendSecrets(a, "a1");
            appendSecrets(b, "b1");
            appendSecrets(a, "a2");
            assertThat(textsOf(all(b))).containsExactly("a1", "b1", "a2");
            assertThat(b.backlog()).isEqualTo(new Backlog(3, 0, new java.util.TreeMap<>(Map.of("k1", 3L)),
                    Optional.of("k1"), 0));
        }
    }

    // --- helpers working on the bytes of a segment file ---

    /** The records as stored in {@code segment}, frame by frame. */
    static List<byte[]> storedRecords(Path segment) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<byte[]> records = new ArrayList<>();
        while (bytes.remaining() >= Frames.OVERHEAD) {
            int length = Frames.length(bytes.getInt());
            bytes.getLong();
            byte[] record = new byte[length];
            bytes.get(record);
            bytes.getInt();
            records.add(record);
        }
        return records;
    }

    interface RecordChange {
        void apply(byte[] record);
    }

    /** Changes the stored record of frame {@code index} of {@code segment} and gives the frame a good checksum again. */
    static void alterFrame(Path segment, int index, RecordChange change) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        int at = 0;
        for (int i = 0; i < index; i++) {
            at += Frames.OVERHEAD + Frames.length(bytes.getInt(at));
        }
        int length = Frames.length(bytes.getInt(at));
        byte[] record = new byte[length];
        bytes.get(at + Frames.HEADER, record);
        change.apply(record);
        bytes.put(at + Frames.HEADER, record);
        bytes.putInt(at + Frames.HEADER + length, Frames.crc(bytes, at + Integer.BYTES, Long.BYTES + length));
        Files.write(segment, bytes.array());
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
