package io.mihari.agent.job;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's processed count 処理件数 read from a file the job writes ({@code mihari-agent exec --count-from FILE}): its
 * last non-empty line must be the count and nothing else — {@code 182345}, or {@code 182,345} (thousands separated
 * by commas). A line with anything else (a log line: its time {@code 02:41:08} or a duration would be taken for the
 * count) leaves the count unknown, with the reason. A file not written since the run started (the job did not write
 * its count this time: yesterday's figure would hide today's empty run) leaves it unknown too. Only the file's last
 * {@value #TAIL_BYTES} bytes are read. Digits are ASCII in UTF-8 and in Shift_JIS alike.
 */
public final class ProcessedCount {

    /** How much of the file's end is read. */
    static final int TAIL_BYTES = 64 * 1024;
    private static final Pattern NUMBER = Pattern.compile("\\d{1,3}(?:,\\d{3})+|\\d+");

    /**
     * What the file said.
     *
     * @param count the count, null when not known
     * @param problem why it is not known (for the log and the run's output), null when it is
     */
    public record Reading(Long count, String problem) {
        static Reading of(long count) {
            return new Reading(count, null);
        }

        static Reading unknown(String problem) {
            return new Reading(null, problem);
        }
    }

    private ProcessedCount() {
    }

    /**
     * Reads the count from {@code file} if it was modified at or after {@code writtenSince} (the run's start; the
     * file system's time is compared to the second); never throws.
     */
    public static Reading read(Path file, java.time.Instant writtenSince) {
        try {
            java.time.Instant modified = Files.getLastModifiedTime(file).toInstant();
            if (modified.isBefore(writtenSince.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))) {
                return Reading.unknown("count file " + file + " was not written by this run (last modified "
                        + modified + ", the run started " + writtenSince + ")");
            }
        } catch (NoSuchFileException e) {
            return Reading.unknown("count file " + file + " does not exist");
        } catch (IOException | RuntimeException e) {
            return Reading.unknown("cannot read count file " + file + ": " + e.getMessage());
        }
        return read(file);
    }

    /** Reads the count from {@code file}; never throws: a missing or unreadable file is a count not known. */
    public static Reading read(Path file) {
        String text;
        try {
            text = tail(file);
        } catch (NoSuchFileException e) {
            return Reading.unknown("count file " + file + " does not exist");
        } catch (IOException | RuntimeException e) {
            return Reading.unknown("cannot read count file " + file + ": " + e.getMessage());
        }
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return Reading.unknown("count file " + file + " is empty");
        }
        String last = lines.get(lines.size() - 1);
        Matcher m = NUMBER.matcher(last);
        if (!m.matches()) {
            return Reading.unknown("the last line of count file " + file + " is not a whole number alone: "
                    + (last.length() > 80 ? last.substring(0, 80) + "…" : last));
        }
        String number = m.group();
        try {
            return Reading.of(Long.parseLong(number.replace(",", "")));
        } catch (NumberFormatException e) {
            return Reading.unknown("the number on the last line of count file " + file + " is too large: " + number);
        }
    }

    private static String tail(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory");
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            long from = Math.max(0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (java.io.FileNotFoundException e) {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            throw e;
        }
    }
}
