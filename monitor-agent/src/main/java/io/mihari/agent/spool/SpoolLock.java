package io.mihari.agent.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * The lock every spool operation holds: an exclusive {@link FileLock} on {@code spool.lock} in the folder, against
 * other processes, taken while holding a mutex shared by all {@link Spool}s of this JVM on the same folder, because
 * file locks belong to the whole JVM (a second lock from the same JVM fails instead of waiting).
 *
 * <p>The mutex also guards closing the channel: on Linux, closing any channel on a file releases every lock the
 * process holds on it, which would silently unlock another Spool of this JVM in the middle of an operation.
 */
final class SpoolLock implements Closeable {

    static final String NAME = "spool.lock";

    /** Held while an operation runs. */
    interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private static final ConcurrentMap<Path, ReentrantLock> MUTEXES = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock mutex;
    private FileChannel channel;

    /** A lock on {@code NAME} in {@code dir}, which must exist. */
    SpoolLock(Path dir) throws IOException {
        this.file = dir.toRealPath().resolve(NAME);
        this.mutex = MUTEXES.computeIfAbsent(file, p -> new ReentrantLock());
        this.channel = FileChannel.open(file, CREATE, WRITE);
    }

    /**
     * Waits for the lock. Fails if this thread holds it already: a nested call (e.g. from an append's record
     * builder back into the spool) would deadlock against the file lock.
     */
    Held acquire() throws IOException {
        if (mutex.isHeldByCurrentThread()) {
            throw new IllegalStateException("the spool was called again from inside one of its own operations");
        }
        mutex.lock();
        try {
            if (!channel.isOpen()) {
                // an interrupt during a file operation closes the channel; open it again instead of failing forever
                channel = FileChannel.open(file, CREATE, WRITE);
            }
            FileLock lock = channel.lock();
            return () -> release(lock);
        } catch (IOException | RuntimeException | Error e) {
            mutex.unlock();
            throw e;
        }
    }

    private void release(FileLock lock) throws IOException {
        try {
            lock.release();
        } catch (ClosedChannelException e) {
            // the channel was closed (by an interrupt), which has released the lock already
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        close(() -> { });
    }

    /** Runs {@code last} once no operation of this JVM is under way, then closes the channel. */
    void close(Runnable last) throws IOException {
        mutex.lock();
        try {
            last.run();
            channel.close();
        } finally {
            mutex.unlock();
        }
    }
}
