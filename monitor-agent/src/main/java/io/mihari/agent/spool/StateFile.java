package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Dropped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 * ({@code dropped} is count, first seq, last seq.)
 */
final class StateFile {

    static final String NAME = "state";

    private static final Logger LOG = Logger.getLogger(StateFile.class);
    private static final String FORMAT = "1";

    private final Path file;
    private final boolean sync;
    private boolean damaged;

    StateFile(Path dir, boolean sync) {
        this.file = dir.resolve(NAME);
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
            if (format != null && !format.equals(FORMAT)) {
                throw new IOException(file + " has format " + format + "; this agent reads format " + FORMAT);
            }
            String[] dropped = p.getProperty("dropped", "0 0 0").trim().split("\\s+");
            long count = Long.parseLong(dropped[0]);
            return new SpoolState(Long.parseLong(p.getProperty("committed", "").trim()),
                    Long.parseLong(p.getProperty("lastSeq", "").trim()),
                    count == 0 ? Optional.empty()
                            : Optional.of(new Dropped(count, Long.parseLong(dropped[1]), Long.parseLong(dropped[2]))));
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
        String text = "format=" + FORMAT + "\n"
                + "committed=" + state.committed() + "\n"
                + "lastSeq=" + state.lastSeq() + "\n"
                + "dropped=" + (d == null ? "0 0 0" : d.count() + " " + d.firstSeq() + " " + d.lastSeq()) + "\n";
        Durable.replace(file, text.getBytes(StandardCharsets.UTF_8), sync);
    }
}
