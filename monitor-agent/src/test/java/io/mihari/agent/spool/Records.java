package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Entry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers: records that carry their text and seq, and a look at the folder. */
final class Records {

    private Records() {
    }

    /** A record reading {@code text@seq}, padded with dots to {@code size} bytes. */
    static byte[] record(String text, long seq, int size) {
        String body = text + "@" + seq;
        if (body.length() > size) {
            throw new IllegalArgumentException(body + " is longer than " + size);
        }
        return (body + ".".repeat(size - body.length())).getBytes(StandardCharsets.US_ASCII);
    }

    /** Appends {@link #record} of {@code size} bytes and returns its seq. */
    static long append(Spool spool, String text, int size) throws IOException {
        return spool.append(seq -> record(text, seq, size));
    }

    /** The text part of a record made by {@link #record}. */
    static String text(Entry entry) {
        String s = new String(entry.record(), StandardCharsets.US_ASCII);
        return s.substring(0, s.indexOf('@'));
    }

    /** The seq written inside a record made by {@link #record}. */
    static long seqInside(Entry entry) {
        String s = new String(entry.record(), StandardCharsets.US_ASCII);
        return Long.parseLong(s.substring(s.indexOf('@') + 1).replace(".", ""));
    }

    static List<String> texts(List<Entry> entries) {
        return entries.stream().map(Records::text).toList();
    }

    static List<Entry> all(Spool spool) throws IOException {
        return spool.peek(Integer.MAX_VALUE);
    }

    /** Names of the segment files in {@code dir}, oldest first. */
    static List<String> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("segment-")).sorted().toList();
        }
    }

    /** The newest segment file of {@code dir}. */
    static Path lastSegment(Path dir) throws IOException {
        List<String> names = segmentFiles(dir);
        return dir.resolve(names.get(names.size() - 1));
    }
}
