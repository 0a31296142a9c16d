package io.mihari.agent.file;

import io.mihari.model.event.FileArrival;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent's linkage file watch: stable over two scans, once per file, not again after a restart, checksums. */
class FileWatcherTest {

    static final Instant T0 = Instant.parse("2027-01-12T20:00:00Z");

    @TempDir
    Path tmp;

    Path in;
    Path spool;

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MutableClock clock = new MutableClock();

    FileWatcher watcher(boolean checksum) throws Exception {
        in = Files.createDirectories(tmp.resolve("renkei/in"));
        spool = Files.createDirectories(tmp.resolve("spool"));
        return new FileWatcher(List.of(FileWatcher.Watch.of("juki-to-fukushi", in.resolve("IDO_*.csv").toString(),
                checksum)), spool, clock);
    }

    List<FileArrival> scan(FileWatcher watcher) {
        List<FileArrival> out = new ArrayList<>();
        watcher.scan(out::add);
        clock.now = clock.now.plus(FileWatcher.SCAN_EVERY);
        return out;
    }

    Path write(String name, String content, Instant modified) throws Exception {
        Path file = in.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void aFileIsReportedOnceWhenStableOverTwoScans() throws Exception {
        FileWatcher watcher = watcher(false);
        Path file = write("IDO_20270113.csv", "1,山田\n", T0.minusSeconds(5));
        write("OTHER_20270113.csv", "not watched", T0);

        assertThat(scan(watcher)).as("first seen: may still be written").isEmpty();
        // still being written: size and time changed since the last scan
        write("IDO_20270113.csv", "1,山田\n2,佐藤\n", T0.plusSeconds(20));
        assertThat(scan(watcher)).isEmpty();
        List<FileArrival> stable = scan(watcher);

        assertThat(stable).singleElement().satisfies(a -> {
            assertThat(a.file()).isEqualTo("juki-to-fukushi");
            assertThat(a.path()).isEqualTo(file.toString());
            assertThat(a.sizeBytes()).isEqualTo(Files.size(file));
            assertThat(a.modifiedAt()).isEqualTo(T0.plusSeconds(20));
            assertThat(a.sha256()).isNull();
            assertThat(a.checksumOk()).isNull();
            assertThat(a.checksumNote()).isNull();
        });
        assertThat(scan(watcher)).as("reported once").isEmpty();
        assertThat(scan(watcher)).isEmpty();
    }

    @Test
    void aRestartDoesNotReportAgainButARewrittenFileIsANewArrival() throws Exception {
        FileWatcher first = watcher(false);
        Path file = write("IDO_20270113.csv", "1\n", T0.minusSeconds(60));
        scan(first);
        assertThat(scan(first)).hasSize(1);
        assertThat(spool.resolve(FileWatcher.STATE_FILE)).exists();

        FileWatcher restarted = new FileWatcher(first.watches(), spool, clock);
        assertThat(scan(restarted)).isEmpty();
        assertThat(scan(restarted)).isEmpty();

        Files.writeString(file, "1\n2\n");
        Files.setLastModifiedTime(file, FileTime.from(clock.now));
        assertThat(scan(restarted)).isEmpty();
        assertThat(scan(restarted)).extracting(FileArrival::sizeBytes).containsExactly(4L);
    }

    @Test
    void aMatchingSidecarIsChecksumOkAndAnotherDigestOrNoneIsNot() throws Exception {
        FileWatcher watcher = watcher(true);
        String digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"; // sha256("test")
        write("IDO_1.csv", "test", T0.minusSeconds(60));
        Files.writeString(in.resolve("IDO_1.csv.sha256"), digest.toUpperCase() + "  IDO_1.csv\n");
        write("IDO_2.csv", "test", T0.minusSeconds(60));
        Files.writeString(in.resolve("IDO_2.csv.sha256"), "0".repeat(64) + "\n");
        write("IDO_3.csv", "test", T0.minusSeconds(60));

        scan(watcher);
        List<FileArrival> arrivals = new ArrayList<>(scan(watcher));
        assertThat(arrivals).as("IDO_3 waits one scan for its sidecar").hasSize(2);
        arrivals.addAll(scan(watcher));

        assertThat(arrivals).extracting(FileArrival::path).containsExactly(in.resolve("IDO_1.csv").toString(),
                in.resolve("IDO_2.csv").toString(), in.resolve("IDO_3.csv").toString());
        assertThat(arrivals).extracting(FileArrival::sha256).containsOnly(digest);
        assertThat(arrivals).extracting(FileArrival::checksumOk).containsExactly(true, false, false);
        assertThat(arrivals).extracting(FileArrival::checksumNote).containsExactly(null,
                "sidecar IDO_2.csv.sha256 holds another digest", "no sidecar IDO_3.csv.sha256");
    }

    @Test
    void aSidecarWrittenJustAfterItsFileIsWaitedForOneScan() throws Exception {
        FileWatcher watcher = watcher(true);
        String digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"; // sha256("test")
        write("IDO_1.csv", "test", T0.minusSeconds(60));

        assertThat(scan(watcher)).as("first seen").isEmpty();
        assertThat(scan(watcher)).as("stable, but no sidecar yet: held one scan").isEmpty();
        Files.writeString(in.resolve("IDO_1.csv.sha256"), digest + "  IDO_1.csv\n");

        assertThat(scan(watcher)).singleElement().satisfies(a -> {
            assertThat(a.checksumOk()).isTrue();
            assertThat(a.checksumNote()).isNull();
        });
        assertThat(scan(watcher)).isEmpty();
    }

    @Test
    void aMissingDirectoryIsNoArrivalAndReportedEntriesOfGoneFilesAreForgottenAfterAWeek() throws Exception {
        FileWatcher watcher = watcher(false);
        Path file = write("IDO_1.csv", "x", T0.minusSeconds(60));
        scan(watcher);
        assertThat(scan(watcher)).hasSize(1);
        Files.delete(file);
        scan(watcher);
        clock.now = clock.now.plus(FileWatcher.FORGET_GONE_AFTER).plus(Duration.ofMinutes(1));
        scan(watcher);
        assertThat(Files.readString(spool.resolve(FileWatcher.STATE_FILE))).doesNotContain("IDO_1.csv");

        FileWatcher nowhere = new FileWatcher(List.of(FileWatcher.Watch.of("x", tmp.resolve("none/*.csv").toString(),
                false)), spool, clock);
        assertThat(scan(nowhere)).isEmpty();
    }

    @Test
    void badPatternsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> FileWatcher.Watch.of("x", "renkei/IDO_*.csv", false))
                .hasMessageContaining("must be an absolute path");
        assertThatThrownBy(() -> FileWatcher.Watch.of("x", "/data/*/IDO.csv", false))
                .hasMessageContaining("wildcards in the file name only");
    }
}
