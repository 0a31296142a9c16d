package io.mihari.agent.spool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of segment files: {@code segment-<global position of their first byte, 20 digits>.log}, so that sorting
 * by name sorts by position and a name is never used twice (positions only grow).
 */
final class SegmentFiles {

    private static final Pattern NAME = Pattern.compile("segment-(\\d{20})\\.log");

    private SegmentFiles() {
    }

    static String name(long start) {
        return String.format("segment-%020d.log", start);
    }

    /** Start positions of the segment files in {@code dir}, ascending. */
    static List<Long> list(Path dir) throws IOException {
        List<Long> starts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "segment-*.log")) {
            for (Path file : files) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    starts.add(Long.parseLong(m.group(1)));
                }
            }
        }
        Collections.sort(starts);
        return starts;
    }
}
