package io.mihari.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

/** The few file operations the spool needs to be crash-safe. */
final class Durable {

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private Durable() {
    }

    /** Writes all of {@code bytes} at {@code position} (a single write may write only part). */
    static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /**
     * Replaces {@code file} with {@code content} atomically: readers see the old or the new content, never a mix,
     * also after a crash. With {@code sync} the new content is on disk when this returns.
     */
    static void replace(Path file, byte[] content, boolean sync) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, CREATE, WRITE, TRUNCATE_EXISTING)) {
            writeFully(channel, ByteBuffer.wrap(content), 0);
            if (sync) {
                channel.force(true);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp); // e.g. disk full: a half-written temp file must not keep the space
            } catch (IOException deleteFailure) {
                e.addSuppressed(deleteFailure);
            }
            throw e;
        }
        Files.move(temp, file, ATOMIC_MOVE, REPLACE_EXISTING);
        if (sync) {
            syncDirectory(file.getParent());
        }
    }

    /**
     * Makes the creation, renaming and deletion of files in {@code dir} durable (Linux needs an fsync of the
     * directory for that). Windows cannot open a directory for this, and NTFS journals those changes itself.
     */
    static void syncDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, READ)) {
            channel.force(true);
        }
    }
}
