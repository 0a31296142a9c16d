package io.mihari.agent.job;

import io.mihari.model.event.BatchRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code exec --count-from FILE}: the last non-empty line is the count alone, and the file was written by this run.
 */
class ProcessedCountTest {

    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a count file | 182345\\n | 182345",
            "zero | 0 | 0",
            "thousands separated, blank lines after | 182,345\\n\\n  \\n | 182345",
            "spaces around | '  1200  ' | 1200",
    })
    void readsTheCountOnTheLastNonEmptyLine(String name, String text, long count) throws Exception {
        Path file = write("count.txt", "earlier line 99\n" + text.replace("\\n", "\n"));

        assertThat(ProcessedCount.read(file)).isEqualTo(new ProcessedCount.Reading(count, null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a log line ending with its time | 2027-01-12 02:41:08 INFO export finished 8",
            "a count followed by a duration | 182345 records in 12.5s",
            "japanese words | 処理件数：120件",
            "a negative number | -5",
            "badly separated | 18,2345",
    })
    void aLastLineThatIsNotACountAloneLeavesTheCountUnknown(String name, String line) throws Exception {
        Path file = write("count.txt", "42\n" + line + "\n");

        assertThat(ProcessedCount.read(file)).isEqualTo(new ProcessedCount.Reading(null,
                "the last line of count file " + file + " is not a whole number alone: " + line));
    }

    @Test
    void aShiftJisCountFileIsReadToo() throws Exception {
        Path file = dir.resolve("sjis.txt");
        Files.writeString(file, "正常終了 処理件数\r\n4521\r\n", Charset.forName("Shift_JIS"));

        assertThat(ProcessedCount.read(file).count()).isEqualTo(4521L);
    }

    @Test
    void onlyTheEndOfALargeFileIsRead() throws Exception {
        Path file = write("big.log", "x 1\n".repeat(50_000) + "77\n");

        assertThat(ProcessedCount.read(file).count()).isEqualTo(77L);
    }

    @Test
    void yesterdaysCountFileDoesNotCountForTodaysRun() throws Exception {
        Path file = write("export.count", "182345\n");
        Instant yesterday = Instant.parse("2027-01-11T17:41:00Z");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(yesterday));
        Instant started = Instant.parse("2027-01-12T17:30:00Z");

        assertThat(ProcessedCount.read(file, started)).isEqualTo(new ProcessedCount.Reading(null, "count file " + file
                + " was not written by this run (last modified " + yesterday + ", the run started " + started + ")"));

        // written during the run (the file system keeps whole seconds on some systems: compared to the second)
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.parse("2027-01-12T18:02:00Z")));
        assertThat(ProcessedCount.read(file, started).count()).isEqualTo(182_345L);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.parse("2027-01-12T17:30:00Z")));
        assertThat(ProcessedCount.read(file, started.plusMillis(400)).count()).isEqualTo(182_345L);
        assertThat(ProcessedCount.read(dir.resolve("nope"), started).problem()).contains("does not exist");
    }

    @Test
    void aMissingEmptyOrWordlessFileLeavesTheCountUnknownAndSaysWhy() throws Exception {
        Path missing = dir.resolve("nope.txt");
        assertThat(ProcessedCount.read(missing))
                .isEqualTo(new ProcessedCount.Reading(null, "count file " + missing + " does not exist"));
        Path empty = write("empty.txt", "\n  \n");
        assertThat(ProcessedCount.read(empty).problem()).isEqualTo("count file " + empty + " is empty");
        Path words = write("words.txt", "42\nexport aborted\n");
        assertThat(ProcessedCount.read(words).problem())
                .isEqualTo("the last line of count file " + words + " is not a whole number alone: export aborted");
        assertThat(ProcessedCount.read(dir).problem()).startsWith("cannot read count file " + dir);
        Path huge = write("huge.txt", "99999999999999999999\n");
        assertThat(ProcessedCount.read(huge).problem()).contains("is too large");
    }

    @Test
    void theRunCarriesTheCountAndTheAgentsNote() {
        JobRunner.Outcome outcome = new JobRunner.Outcome(BatchRun.State.SUCCEEDED, 0,
                Instant.parse("2027-01-11T17:00:00Z"), 600_000, "export done");

        assertThat(outcome.event("nightly-juki-export", "r-1", 182_345L).processedCount()).isEqualTo(182_345L);
        assertThat(outcome.event("nightly-juki-export", "r-1").processedCount()).isNull();
        assertThat(outcome.withNote("mihari-agent: processed count unknown: count file /x does not exist")
                .event("nightly-juki-export", "r-1").outputTail())
                .isEqualTo("export done\nmihari-agent: processed count unknown: count file /x does not exist");
        assertThat(new JobRunner.Outcome(BatchRun.State.SUCCEEDED, 0, Instant.EPOCH, 1, "x".repeat(8192))
                .withNote("note").tail()).hasSize(8192).endsWith("x\nnote");
    }
}
