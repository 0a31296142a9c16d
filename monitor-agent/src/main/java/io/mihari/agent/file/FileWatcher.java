package io.mihari.agent.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mihari.agent.config.AgentConfig;
import io.mihari.model.event.FileArrival;
import io.mihari.model.event.TargetId;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Watches the linkage files 連携ファイル of this server ({@code mihari.agent.files}): each scan lists the files of
 * each watch's directory that match its pattern (one directory, no recursion) and reports each file not reported
 * yet as one {@link FileArrival}, once it is stable: the same size and modification time in two scans in a row (a
 * file still being written is not reported half-written).
 *
 * <p>What was reported (watch, path, size, modification time) is kept in {@value #STATE_FILE} in the spool's folder,
 * written after each scan that reported something, so a restart does not report a file again; a file rewritten
 * with another size or time is a new arrival. An entry whose file is gone from its directory is forgotten after
 * {@link #FORGET_GONE_AFTER} (so the state stays small, and a file moved away and back soon is not reported twice).
 *
 * <p>With {@code checksum: sha256} the file's SHA-256 is computed (files up to {@link #MAX_DIGEST_BYTES}) and
 * compared with the sidecar {@code <file>.sha256} (its first word, as {@code sha256sum} writes it, case ignored);
 * a missing or unreadable sidecar, or another digest, is {@code checksumOk=false} with the reason in
 * {@code checksumNote}. Senders often write the sidecar just after the file: a stable file whose sidecar is not
 * there yet is held for {@link #SIDECAR_WAIT} (one more scan) before it is reported without one. Sidecars
 * themselves are never reported as arrivals.
 */
public final class FileWatcher {

    private static final Logger LOG = Logger.getLogger(FileWatcher.class);
    /** The state file in the spool's folder. */
    public static final String STATE_FILE = "file-watch.json";
    /** How often {@code run} scans. */
    public static final Duration SCAN_EVERY = Duration.ofSeconds(30);
    /** The largest file whose digest is computed. */
    public static final long MAX_DIGEST_BYTES = 2L * 1024 * 1024 * 1024;
    /** How long a reported file that is gone is remembered. */
    public static final Duration FORGET_GONE_AFTER = Duration.ofDays(7);
    /**
     * How long a stable file waits for its sidecar (one scan): reported at most about 90 s after it was written
     * (two scans and this), well within the two minutes the monitor allows before it judges a deadline.
     */
    public static final Duration SIDECAR_WAIT = SCAN_EVERY;
    static final String SIDECAR = ".sha256";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One watch.
     *
     * @param name as the catalog's {@code files[].name}
     * @param directory the directory of the pattern
     * @param glob the pattern's file name ({@code *}, {@code ?}, as a glob)
     * @param checksum whether a sidecar {@code <file>.sha256} is checked
     */
    public record Watch(String name, Path directory, String glob, boolean checksum) {

        /** {@code /data/renkei/out/IDO_*.csv}: wildcards in the file name only, an absolute path. */
        public static Watch of(String name, String pattern, boolean checksum) {
            Path path = Path.of(pattern);
            if (!path.isAbsolute() || path.getParent() == null || path.getFileName() == null) {
                throw new IllegalArgumentException("'" + pattern + "' must be an absolute path of a file (e.g."
                        + " /data/renkei/out/IDO_*.csv)");
            }
            String dir = path.getParent().toString();
            if (dir.contains("*") || dir.contains("?") || dir.contains("[") || dir.contains("{")) {
                throw new IllegalArgumentException("'" + pattern + "' may have wildcards in the file name only (one"
                        + " directory is watched, without recursion)");
            }
            return new Watch(name, path.getParent(), path.getFileName().toString(), checksum);
        }
    }

    /** What one file looked like: size and modification time. */
    private record Seen(long size, Instant modifiedAt) {
    }

    /** A reported file, and when it was last seen in its directory. */
    private record Reported(long size, Instant modifiedAt, Instant lastSeen) {
    }

    private final List<Watch> watches;
    private final Path stateFile;
    private final Clock clock;
    /** what the previous scan saw, by watch|path */
    private final Map<String, Seen> previous = new HashMap<>();
    /** what was reported, by watch|path */
    private final Map<String, Reported> reported = new HashMap<>();
    /** stable files held for their sidecar: since when (not saved: after a restart a file waits once more) */
    private final Map<String, Instant> awaitingSidecar = new HashMap<>();

    public FileWatcher(List<Watch> watches, Path spoolDir, Clock clock) {
        this.watches = List.copyOf(watches);
        this.stateFile = spoolDir.resolve(STATE_FILE);
        this.clock = Objects.requireNonNull(clock, "clock");
        load();
    }

    /**
     * The watches of the agent's configuration, checked: a valid name, unique; an absolute pattern with wildcards
     * in the file name only; {@code checksum} absent or {@code sha256}.
     *
     * @throws IllegalArgumentException naming the key
     */
    public static List<Watch> from(List<AgentConfig.LinkageFile> files) {
        List<Watch> watches = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            AgentConfig.LinkageFile f = files.get(i);
            String key = "mihari.agent.files[" + i + "]";
            try {
                TargetId.requireName(key + ".name", f.name());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid configuration: " + e.getMessage());
            }
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("invalid configuration: " + key + ".name: duplicate '" + f.name()
                        + "'");
            }
            boolean checksum = false;
            if (f.checksum().isPresent()) {
                if (!f.checksum().get().trim().equalsIgnoreCase("sha256")) {
                    throw new IllegalArgumentException("invalid configuration: " + key + ".checksum: unknown '"
                            + f.checksum().get() + "' (sha256)");
                }
                checksum = true;
            }
            try {
                watches.add(Watch.of(f.name(), f.pattern().trim(), checksum));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid configuration: " + key + ".pattern: " + e.getMessage());
            }
        }
        return watches;
    }

    public List<Watch> watches() {
        return watches;
    }

    /**
     * One scan: every stable file not reported yet goes to {@code report} (in order of path per watch), then the
     * state is saved if anything was reported. A directory that cannot be listed is skipped (logged) this time.
     */
    public synchronized void scan(Consumer<FileArrival> report) {
        Instant now = clock.instant();
        boolean changed = false;
        Map<String, Seen> current = new HashMap<>();
        for (Watch w : watches) {
            List<Path> files;
            try {
                files = list(w);
            } catch (IOException e) {
                LOG.warnf("file watch %s: cannot list %s (%s)", w.name(), w.directory(), e.getMessage());
                // keep what it knew of this watch: nothing is forgotten or reported on a failed listing
                previous.forEach((k, v) -> {
                    if (k.startsWith(w.name() + "|")) {
                        current.put(k, v);
                    }
                });
                markSeen(w, null, now);
                continue;
            }
            for (Path file : files) {
                String key = w.name() + "|" + file;
                Seen seen;
                try {
                    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                    if (!a.isRegularFile()) {
                        continue;
                    }
                    seen = new Seen(a.size(), a.lastModifiedTime().toInstant());
                } catch (IOException e) {
                    continue; // gone between the listing and now
                }
                current.put(key, seen);
                Reported done = reported.get(key);
                if (done != null && done.size() == seen.size() && done.modifiedAt().equals(seen.modifiedAt())) {
                    reported.put(key, new Reported(done.size(), done.modifiedAt(), now));
                    continue; // reported already
                }
                if (!seen.equals(previous.get(key))) {
                    awaitingSidecar.remove(key);
                    continue; // new or still changing: reported once it is the same in the next scan
                }
                if (w.checksum() && !Files.exists(sidecar(file))
                        && now.isBefore(awaitingSidecar.computeIfAbsent(key, k -> now).plus(SIDECAR_WAIT))) {
                    continue; // its sidecar may be written just after it
                }
                awaitingSidecar.remove(key);
                report.accept(arrival(w, file, seen));
                reported.put(key, new Reported(seen.size(), seen.modifiedAt(), now));
                changed = true;
            }
            markSeen(w, files, now);
        }
        previous.clear();
        previous.putAll(current);
        awaitingSidecar.keySet().retainAll(current.keySet());
        changed |= forgetGone(now);
        if (changed) {
            save();
        }
    }

    /** The matching regular files of a watch's directory, sidecars left out, by name. */
    private static List<Path> list(Watch w) throws IOException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + w.glob());
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(w.directory())) {
            for (Path p : dir) {
                Path name = p.getFileName();
                if (matcher.matches(name) && !(w.checksum() && name.toString().toLowerCase(Locale.ROOT)
                        .endsWith(SIDECAR))) {
                    files.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of(); // the directory is not there (yet): no file has arrived
        }
        files.sort(null);
        return files;
    }

    /** Files of a watch still present (null: not known this time) are seen now, so they are not forgotten. */
    private void markSeen(Watch w, List<Path> present, Instant now) {
        if (present == null) {
            for (Map.Entry<String, Reported> e : reported.entrySet()) {
                if (e.getKey().startsWith(w.name() + "|")) {
                    Reported r = e.getValue();
                    e.setValue(new Reported(r.size(), r.modifiedAt(), now));
                }
            }
        }
    }

    private boolean forgetGone(Instant now) {
        boolean changed = false;
        Iterator<Reported> it = reported.values().iterator();
        while (it.hasNext()) {
            if (it.next().lastSeen().plus(FORGET_GONE_AFTER).isBefore(now)) {
                it.remove();
                changed = true;
            }
        }
        return changed;
    }

    private static FileArrival arrival(Watch w, Path file, Seen seen) {
        String sha256 = null;
        Boolean ok = null;
        String note = null;
        if (w.checksum()) {
            Path sidecar = sidecar(file);
            if (seen.size() > MAX_DIGEST_BYTES) {
                note = "larger than 2 GiB: checksum not computed";
            } else {
                try {
                    sha256 = sha256(file);
                } catch (IOException e) {
                    note = "cannot read the file for its checksum: " + e.getMessage();
                }
            }
            if (sha256 != null) {
                String expected = null;
                try {
                    String text = Files.readString(sidecar, StandardCharsets.US_ASCII).trim();
                    expected = text.isEmpty() ? "" : text.split("\\s+")[0].toLowerCase(Locale.ROOT);
                } catch (NoSuchFileException e) {
                    note = "no sidecar " + sidecar.getFileName();
                } catch (IOException e) {
                    note = "cannot read the sidecar " + sidecar.getFileName() + ": " + e.getMessage();
                }
                ok = sha256.equals(expected);
                if (expected != null && !ok) {
                    note = "sidecar " + sidecar.getFileName() + " holds another digest";
                }
            }
        }
        if (note != null && note.length() > 2000) {
            note = note.substring(0, 2000);
        }
        return new FileArrival(w.name(), file.toString(), seen.size(), seen.modifiedAt(), sha256, ok, note);
    }

    private static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + SIDECAR);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    // ---- state ----

    private void load() {
        if (!Files.exists(stateFile)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(stateFile.toFile());
            root.path("reported").fields().forEachRemaining(e -> {
                JsonNode r = e.getValue();
                reported.put(e.getKey(), new Reported(r.path("size").asLong(),
                        Instant.parse(r.path("modifiedAt").asText()), Instant.parse(r.path("lastSeen").asText())));
            });
        } catch (IOException | RuntimeException e) {
            // a broken state file: files still there may be reported again (alert-service ignores the same one)
            LOG.warnf("file watch: cannot read %s (%s); starting afresh", stateFile, e.getMessage());
            reported.clear();
        }
    }

    private void save() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode all = root.putObject("reported");
        reported.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> all.putObject(e.getKey())
                .put("size", e.getValue().size()).put("modifiedAt", e.getValue().modifiedAt().toString())
                .put("lastSeen", e.getValue().lastSeen().toString()));
        try {
            Files.createDirectories(stateFile.getParent());
            Path tmp = stateFile.resolveSibling(STATE_FILE + ".tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warnf("file watch: cannot save %s (%s); files may be reported again after a restart", stateFile,
                    e.getMessage());
        }
    }
}
