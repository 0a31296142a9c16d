package io.mihari.model.event;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A linkage file 連携ファイル arrived: a file one system placed for another, found by the agent in a watched
 * directory once it stopped changing. Sent once per file (path, size and modification time); a file rewritten in
 * place with another size or time is a second arrival.
 *
 * @param file the watch's name, as the catalog's {@code files[].name} (e.g. {@code juki-to-fukushi})
 * @param path where the agent found it (absolute)
 * @param sizeBytes its size in bytes
 * @param modifiedAt its last-modified time
 * @param sha256 its SHA-256 digest in lowercase hex when a checksum was asked for; null otherwise (or when the
 *        file was too large to read: see {@code checksumNote})
 * @param checksumOk whether the sidecar {@code <file>.sha256} held this digest; null when no checksum was asked for
 * @param checksumNote why {@code checksumOk} is false or null although a checksum was asked for (e.g.
 *        {@code no sidecar IDO_20270113.csv.sha256}); null when there is nothing to say
 */
public record FileArrival(String file, String path, long sizeBytes, Instant modifiedAt, String sha256,
        Boolean checksumOk, String checksumNote) implements Payload {

    /** The longest path an agent reports. */
    public static final int PATH = 1024;
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public FileArrival {
        Limits.name("payload.file", file);
        Limits.requiredText("payload.path", path, PATH);
        Limits.notNegative("payload.sizeBytes", sizeBytes);
        Objects.requireNonNull(modifiedAt, "payload.modifiedAt is missing");
        if (sha256 != null && !HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("payload.sha256 must be 64 lowercase hex digits, was "
                    + Limits.quote(sha256));
        }
        Limits.text("payload.checksumNote", checksumNote, Limits.MESSAGE);
    }
}
