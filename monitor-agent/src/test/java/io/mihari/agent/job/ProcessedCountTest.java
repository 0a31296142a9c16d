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

/** {@code exec --count-from FILE}: the last whole number on the last non-empty line. */
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
            "a log line | 2027-01-12 02:41:07 export done: 182,345 records\\n\\n  \\n | 182345",
            "the last of several | batch 3 of 4: 1200 rows | 1200",
            "japanese | 処理件数：120件 | 120",
    })
    void readsTheLastNumberOnTheLastNonEmptyLine(String name, String text, long count) throws Exception {
        Path file = write("count.txt", "earlier line 99\n" + text.replace("\\n", "\n"));

        assertThat(ProcessedCount.read(file)).isEqualTo(new ProcessedCount.Reading(count, null));
    }

    @Test
    void aShiftJisLogIsReadToo() throws Exception {
        Path file = dir.resolve("sjis.log");
        Files.writeString(file, "正常終了 処理件数=4521件\r\n", Charset.forName("Shift_JIS"));

        assertThat(ProcessedCount.read(file).count()).isEqualTo(4521L);
    }

    @Test
    void onlyTheEndOfALargeLogIsRead() throws Exception {
        Path file = write("big.log", "x 1\n".repeat(50_000) + "done: 77 records\n");

        assertThat(ProcessedCount.read(file).count()).isEqualTo(77L);
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
                .isEqualTo("no number on the last line of count file " + words + ": export aborted");
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
