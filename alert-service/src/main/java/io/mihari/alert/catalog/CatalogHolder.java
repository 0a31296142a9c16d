package io.mihari.alert.catalog;

import io.mihari.alert.config.AlertConfig;
import io.mihari.model.catalog.BatchSchedules;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogException;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.CatalogProblem;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The catalog in force. Loaded at start: an invalid catalog (including a batch job schedule cron cannot read) stops
 * the service with a message naming every key at fault, with its line and column, and no stack trace (a
 * {@link ConfigurationException}, which Quarkus prints as its message only).
 *
 * <p>Reloaded without a restart: every {@code mihari.catalog.reload-every} the file's content hash (SHA-256, so an
 * edit that keeps the modification time, or a touch that changes nothing, is judged by content) is compared with
 * the content last read. New content is loaded and validated; if valid it replaces the catalog in one step and
 * {@link CatalogReloaded} is fired; if not, the catalog in force stays and one ERROR lists every problem with its
 * key. The same invalid content is not reported again; a file that disappears is reported once and the catalog in
 * force stays.
 */
// First of all (before the scheduler, which starts at priority 0 and whose reload would otherwise make this bean and
// log the failure with a stack trace): a bad catalog ends the start before anything else runs.
@Startup(Interceptor.Priority.PLATFORM_BEFORE - 1)
@ApplicationScoped
public class CatalogHolder {

    private static final Logger LOG = Logger.getLogger(CatalogHolder.class);

    /** What one reload check did. */
    enum Outcome {
        /** the content is the one last read (in force, or already rejected) */
        UNCHANGED,
        /** new valid content is in force now */
        RELOADED,
        /** new content is invalid or cannot be read; the catalog in force stays */
        REJECTED
    }

    /** The outcome of a reload check and, when rejected, every problem (with its line, column and key). */
    record Reload(Outcome outcome, List<String> problems) {
    }

    private record Loaded(Catalog catalog, String hash) {
    }

    private final Path path;
    private final Consumer<CatalogReloaded> onReload;
    private volatile Loaded inForce;
    /** hash of the content last read (valid or not), or a marker for an unreadable file */
    private String lastSeen;

    @Inject
    CatalogHolder(AlertConfig config, Event<CatalogReloaded> reloaded) {
        this(config.catalog().path(), reloaded::fire, true);
    }

    /**
     * @param onReload told of every successful reload, after the swap
     * @throws CatalogException when the catalog at {@code path} cannot be used
     */
    CatalogHolder(Path path, Consumer<CatalogReloaded> onReload) {
        this(path, onReload, false);
    }

    /** @param atStart whether a bad catalog is to end the start (as a {@link ConfigurationException}) */
    private CatalogHolder(Path path, Consumer<CatalogReloaded> onReload, boolean atStart) {
        this.path = Objects.requireNonNull(path, "path");
        this.onReload = Objects.requireNonNull(onReload, "onReload");
        try {
            this.inForce = first(path);
        } catch (CatalogException e) {
            throw atStart ? new ConfigurationException(e.getMessage(), Set.of("mihari.catalog.path")) : e;
        }
        this.lastSeen = inForce.hash();
        Catalog catalog = inForce.catalog();
        LOG.infof("catalog %s: %d services, %d targets, %d batch jobs", path, catalog.services().size(),
                catalog.targets().size(), jobs(catalog));
    }

    private Loaded first(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new CatalogException(path.toString(), List.of("file not found (mihari.catalog.path)"));
        }
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new CatalogException(path.toString(), List.of("cannot read: " + e.getMessage()));
        }
        return load(content, sha256(content));
    }

    public Catalog get() {
        return inForce.catalog();
    }

    @Scheduled(every = "${mihari.catalog.reload-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reload() {
        try {
            reloadIfChanged();
        } catch (RuntimeException e) {
            LOG.errorf(e, "catalog %s: reload check failed; the catalog in force stays", path);
        }
    }

    /** Reloads the catalog if the file's content changed since it was last read; never throws for a bad file. */
    synchronized Reload reloadIfChanged() {
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            String marker = "unreadable: " + e;
            if (marker.equals(lastSeen)) {
                return new Reload(Outcome.UNCHANGED, List.of());
            }
            lastSeen = marker;
            List<String> problems = List.of(Files.exists(path) ? "cannot read: " + e.getMessage()
                    : "file not found (mihari.catalog.path)");
            LOG.errorf("catalog %s cannot be reloaded, the catalog in force stays:\n  - %s", path,
                    String.join("\n  - ", problems));
            return new Reload(Outcome.REJECTED, problems);
        }
        String hash = sha256(content);
        if (hash.equals(lastSeen)) {
            return new Reload(Outcome.UNCHANGED, List.of());
        }
        lastSeen = hash;
        Loaded previous = inForce;
        if (hash.equals(previous.hash())) {
            LOG.infof("catalog %s is back to the content in force", path);
            return new Reload(Outcome.UNCHANGED, List.of());
        }
        Loaded next;
        try {
            next = load(content, hash);
        } catch (CatalogException e) {
            LOG.errorf("catalog %s changed but is invalid, the catalog in force stays:\n  - %s", path,
                    String.join("\n  - ", placed(e)));
            return new Reload(Outcome.REJECTED, placed(e));
        }
        inForce = next;
        Catalog catalog = next.catalog();
        LOG.infof("catalog %s reloaded: %d services, %d targets, %d batch jobs", path, catalog.services().size(),
                catalog.targets().size(), jobs(catalog));
        try {
            onReload.accept(new CatalogReloaded(previous.catalog(), catalog));
        } catch (RuntimeException e) {
            LOG.errorf(e, "catalog %s: an observer of the reload failed; the new catalog is in force", path);
        }
        return new Reload(Outcome.RELOADED, List.of());
    }

    /** Loads and validates, including what only alert-service can check (cron schedules). */
    private Loaded load(byte[] content, String hash) {
        Catalog catalog = CatalogLoader.load(new ByteArrayInputStream(content), path.toString());
        List<String> problems = BatchSchedules.problems(catalog);
        if (!problems.isEmpty()) {
            throw new CatalogException(path.toString(), problems);
        }
        return new Loaded(catalog, hash);
    }

    /** Every problem as {@code line:column key: message} (the place left out where there is none). */
    private static List<String> placed(CatalogException e) {
        return e.located().stream().map(CatalogProblem::toString).toList();
    }

    private static int jobs(Catalog catalog) {
        return catalog.services().stream().mapToInt(s -> s.jobs().size()).sum();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
