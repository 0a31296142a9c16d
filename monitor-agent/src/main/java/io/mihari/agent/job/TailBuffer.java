package io.mihari.agent.job;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Keeps the last N lines written by several streams (stdout, stderr), at most 8 KiB of text. Each
 * stream has its own partial line, so lines of two streams never run into each other. Thread-safe.
 */
final class TailBuffer {

    private static final int MAX_CHARS = 8192;
    private static final int MAX_LINE = 1000;

    private final int maxLines;
    private final Deque<String> lines = new ArrayDeque<>();
    private final List<Source> sources = new ArrayList<>();

    TailBuffer(int maxLines) {
        this.maxLines = Math.max(1, maxLines);
    }

    /** A new stream writing into this tail. */
    synchronized Source source() {
        Source source = new Source();
        sources.add(source);
        return source;
    }

    synchronized void add(String line) {
        String clean = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        lines.addLast(clean.length() > MAX_LINE ? clean.substring(0, MAX_LINE) + "…" : clean);
        while (lines.size() > maxLines) {
            lines.removeFirst();
        }
    }

    /** The tail, with every stream's unfinished last line. */
    synchronized String text() {
        sources.forEach(Source::flush);
        String text = String.join("\n", lines);
        return text.length() > MAX_CHARS ? text.substring(text.length() - MAX_CHARS) : text;
    }

    /** One stream's bytes, split into lines. */
    final class Source {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        void write(byte[] bytes, int length) {
            synchronized (TailBuffer.this) {
                for (int i = 0; i < length; i++) {
                    if (bytes[i] == '\n') {
                        add(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                    } else if (partial.size() < MAX_LINE * 4) {
                        partial.write(bytes[i]);
                    }
                }
            }
        }

        private void flush() {
            if (partial.size() > 0) {
                add(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
            }
        }
    }
}
