package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Dropped;
import io.mihari.agent.spool.Spool.Unreadable;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads and writes {@link SpoolState} as a small text file, replaced atomically (temp file and rename), so a crash
 * leaves the old or the new state. Text, so that an operator can read it:
 * <pre>
 * format=1
 * committed=123456
 * lastSeq=789
 * dropped=0 0 0
 * </pre>
 * ({@code dropped} is count, first seq, last seq.) A folder that may hold encrypted records has {@code format=2}, so
 * that an agent from before encryption, which reads format 1 only, refuses it rather than cutting the encrypted
 * records it cannot read as torn; format 2 may add {@code unreadable=count first last} (records passed over, not
 * yet announced) and {@code unreadableTotal=n}.
 */
final class StateFile {

    static final String NAME = "state";
    /** Room kept on the disk for writing the state when the records filled it. */
    static final String RESERVE = "state.reserve";
    static final int RESERVE_BYTES = 16 * 1024;

    private static final Logger LOG = Logger.getLogger(StateFile.class);
    private static final String PLAIN = "1";
    private static final String ENCRYPTED = "2";

    private final Path file;
    private final Path reserve;
    private final boolean sync;
    private boolean reserved;
    private boolean damaged;

    StateFile(Path dir, boolean sync) {
        this.file = dir.resolve(NAME);
        this.reserve = dir.resolve(RESERVE);
        this.sync = sync;
    }

    /**
     * The stored state; {@link SpoolState#INITIAL} when there is none. An unreadable file (only possible through
     * disk corruption or hand editing) is logged and read as INITIAL too: that resends the stored records rather
     * than losing them. A file of another format version fails, so an older agent never misreads a newer spool.
     */
    SpoolState read() throws IOException {
        damaged = false;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return SpoolState.INITIAL;
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            String format = p.getProperty("format");
            if (format != null && !format.equals(PLAIN) && !format.equals(ENCRYPTED)) {
                throw new IOException(file + " has format " + format + "; this agent reads formats " + PLAIN + " and "
                        + ENCRYPTED);
            }
            long[] dropped = triple(p.getProperty("dropped", "0 0 0"));
            long[] unreadable = triple(p.getProperty("unreadable", "0 0 0"));
            return new SpoolState(Long.parseLong(p.getProperty("committed", "").trim()),
                    Long.parseLong(p.getProperty("lastSeq", "").trim()),
                    dropped[0] == 0 ? Optional.empty() : Optional.of(new Dropped(dropped[0], dropped[1], dropped[2])),
                    ENCRYPTED.equals(format),
                    unreadable[0] == 0 ? Optional.empty()
                            : Optional.of(new Unreadable(unreadable[0], unreadable[1], unreadable[2])),
                    Long.parseLong(p.getProperty("unreadableTotal", "0").trim()));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            LOG.errorf("%s is unreadable (%s); starting over from the oldest stored record, which may resend some",
                    file, e);
            damaged = true;
            return SpoolState.INITIAL;
        }
    }

    /** Whether the last {@link #read()} found the file unreadable (and so should write it anew). */
    boolean damaged() {
        return damaged;
    }

    /** Replaces the stored state with {@code state}; durably when the spool syncs. */
    void write(SpoolState state) throws IOException {
        Dropped d = state.dropped().orElse(null);
        StringBuilder text = new StringBuilder()
                .append("format=").append(state.encrypted() ? ENCRYPTED : PLAIN).append('\n')
                .append("committed=").append(state.committed()).append('\n')
                .append("lastSeq=").append(state.lastSeq()).append('\n')
                .append("dropped=").append(d == null ? "0 0 0" : d.count() + " " + d.firstSeq() + " " + d.lastSeq())
                .append('\n');
        if (state.unreadable().isPresent() || state.unreadableTotal() > 0) {
            Unreadable u = state.unreadable().orElse(null);
            text.append("unreadable=").append(u == null ? "0 0 0" : u.count() + " " + u.firstSeq() + " " + u.lastSeq())
                    .append('\n').append("unreadableTotal=").append(state.unreadableTotal()).append('\n');
        }
        byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Durable.replace(file, content, sync);
        } catch (IOException e) {
            // The disk may be full (the records filled it while Kafka was away): without a new state the spool could
            // never commit what it delivers, so never free the room, and would send the same records for ever.
            if (!Files.deleteIfExists(reserve)) {
                throw e;
            }
            reserved = false;
            LOG.warnf("%s could not be written (%s): released the spool's reserve of %d bytes to write it", file,
                    e.getMessage(), RESERVE_BYTES);
            Durable.replace(file, content, sync);
        }
    }

    /**
     * Makes sure the reserve file ({@value #RESERVE}, {@value #RESERVE_BYTES} bytes) exists, so that the state can
     * still be written once the disk is full: {@link #write} releases it when writing fails. Best effort: on a full
     * disk there is no reserve until room returns (the next call tries again). Returns whether it exists (as far as
     * this instance knows: another process of the folder may have released it meanwhile).
     */
    boolean keepReserve() {
        if (reserved) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(reserve, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Durable.writeFully(channel, ByteBuffer.allocate(RESERVE_BYTES), 0); // written, not sparse: really held
            channel.force(true);
            reserved = true;
        } catch (FileAlreadyExistsException e) {
            try {
                if (Files.size(reserve) >= RESERVE_BYTES) {
                    reserved = true; // another process of this folder made it
                } else {
                    Files.deleteIfExists(reserve); // cut short (a crash while writing it): made again next call
                }
            } catch (IOException ignored) {
                // tried again with the next call
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(reserve);
            } catch (IOException ignored) {
                // tried again with the next call
            }
        }
        return reserved;
    }

    private static long[] triple(String value) {
        String[] parts = value.trim().split("\\s+");
        long count = Long.parseLong(parts[0]);
        return count == 0 ? new long[] {0, 0, 0}
                : new long[] {count, Long.parseLong(parts[1]), Long.parseLong(parts[2])};
    }
}
