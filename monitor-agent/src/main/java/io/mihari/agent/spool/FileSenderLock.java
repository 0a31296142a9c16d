package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.SenderLock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * A {@link SenderLock} held as an exclusive file lock on {@code sender.lock}. This JVM's holders are also tracked in
 * a set, because a file lock cannot tell two holders in one JVM apart; and because only the holder ever has a
 * channel on the file open, closing one cannot release another's lock (see {@link SpoolLock}).
 */
final class FileSenderLock implements SenderLock {

    static final String NAME = "sender.lock";

    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;

    private FileSenderLock(Path key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
    }

    /** The sender lock of the spool in {@code dir} if nobody holds it; never waits. */
    static Optional<SenderLock> tryAcquire(Path dir) throws IOException {
        Path key = dir.toRealPath().resolve(NAME);
        if (!HELD_IN_THIS_JVM.add(key)) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key, CREATE, WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD_IN_THIS_JVM.remove(key);
                return Optional.empty();
            }
            return Optional.of(new FileSenderLock(key, channel));
        } catch (IOException | RuntimeException | Error e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } finally {
                HELD_IN_THIS_JVM.remove(key); // only once closed: closing could release a next holder's lock
            }
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.close(); // releases the lock
        } catch (IOException e) {
            throw new UncheckedIOException("could not release " + key, e);
        } finally {
            HELD_IN_THIS_JVM.remove(key);
        }
    }
}
