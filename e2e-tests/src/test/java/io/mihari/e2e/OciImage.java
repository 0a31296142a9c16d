package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * An OCI image archive (what {@code deploy/images/build-image} writes): its index, manifest and config, its layers,
 * and a root file system made from them the way a container runtime makes one — layers applied in order, whiteouts
 * ({@code .wh.<name>}, {@code .wh..wh..opq}) honoured — so the image can be run without Docker.
 */
final class OciImage {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    record Layer(String mediaType, String digest, long size, String diffId, Path blob) {
    }

    final Path layout;
    final JsonNode index;
    final JsonNode dockerManifest;
    final JsonNode manifest;
    final JsonNode config;
    final List<Layer> layers;

    private OciImage(Path layout) throws IOException {
        this.layout = layout;
        index = JSON.readTree(layout.resolve("index.json").toFile());
        dockerManifest = Files.exists(layout.resolve("manifest.json"))
                ? JSON.readTree(layout.resolve("manifest.json").toFile()) : null;
        if (index.path("manifests").size() != 1) {
            throw new IllegalStateException("index.json must name exactly one manifest: " + index);
        }
        manifest = JSON.readTree(blob(index.path("manifests").get(0).path("digest").asText()).toFile());
        config = JSON.readTree(blob(manifest.path("config").path("digest").asText()).toFile());
        JsonNode diffIds = config.path("rootfs").path("diff_ids");
        JsonNode manifestLayers = manifest.path("layers");
        if (diffIds.size() != manifestLayers.size()) {
            throw new IllegalStateException("the manifest has " + manifestLayers.size() + " layers, the config "
                    + diffIds.size() + " diff_ids");
        }
        List<Layer> list = new ArrayList<>();
        for (int i = 0; i < manifestLayers.size(); i++) {
            JsonNode l = manifestLayers.get(i);
            list.add(new Layer(l.path("mediaType").asText(), l.path("digest").asText(), l.path("size").asLong(),
                    diffIds.get(i).asText(), blob(l.path("digest").asText())));
        }
        layers = List.copyOf(list);
    }

    /** Unpacks the archive (an OCI image layout in a tar) into {@code dir} and reads it. */
    static OciImage open(Path archive, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = inside(dir, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                } else {
                    throw new IllegalStateException(archive + ": unexpected entry " + entry.getName());
                }
            }
        }
        return new OciImage(dir);
    }

    Path blob(String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalStateException("not a sha256 digest: " + digest);
        }
        return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    /** The digest of a blob as the manifest would name it. */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** The digest of an uncompressed layer, as the config's diff_ids name it. */
    static String diffId(Layer layer) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(layer.blob()), 1 << 16)) {
            return sha256(in);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream din = new DigestInputStream(in, digest)) {
                din.transferTo(OutputStream.nullOutputStream());
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names of the files and folders of one layer, as stored (without a leading {@code ./}). */
    static List<String> entries(Layer layer) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = layerStream(layer)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(strip(entry.getName()));
            }
        }
        return names;
    }

    /**
     * Makes the root file system in {@code rootfs}: every layer in order, with the owners, modes and links it
     * records. A whiteout removes what lower layers put at its name; an opaque whiteout empties its folder of what
     * lower layers put there. Must run as root to give files their owners.
     */
    void unpack(Path rootfs) throws IOException {
        Files.createDirectories(rootfs);
        boolean root = isRoot();
        for (Layer layer : layers) {
            if (!layer.mediaType().equals("application/vnd.oci.image.layer.v1.tar+gzip")) {
                throw new IllegalStateException("unsupported layer type " + layer.mediaType());
            }
            Set<Path> fromThisLayer = new HashSet<>();
            try (TarArchiveInputStream tar = layerStream(layer)) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    String name = strip(entry.getName());
                    if (name.isEmpty()) {
                        continue;
                    }
                    Path target = inside(rootfs, name);
                    String base = target.getFileName().toString();
                    if (base.equals(OPAQUE)) {
                        Path folder = target.getParent();
                        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                            try (Stream<Path> children = Files.list(folder)) {
                                for (Path child : children.toList()) {
                                    if (!fromThisLayer.contains(child)) {
                                        deleteTree(child);
                                    }
                                }
                            }
                        }
                        continue;
                    }
                    if (base.startsWith(WHITEOUT)) {
                        deleteTree(target.resolveSibling(base.substring(WHITEOUT.length())));
                        continue;
                    }
                    noLinkOnTheWay(rootfs, target.getParent());
                    Files.createDirectories(target.getParent());
                    if (entry.isDirectory()) {
                        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                            deleteTree(target);
                            Files.createDirectory(target);
                        }
                    } else {
                        deleteTree(target);
                        if (entry.isSymbolicLink()) {
                            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                        } else if (entry.isLink()) {
                            Files.createLink(target, inside(rootfs, strip(entry.getLinkName())));
                        } else if (entry.isFile()) {
                            Files.copy(tar, target);
                        } else {
                            throw new IllegalStateException(layer.digest() + ": unsupported entry type of " + name);
                        }
                    }
                    fromThisLayer.add(target);
                    if (!entry.isSymbolicLink()) {
                        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                        if (root) {
                            Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
                            Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
                        }
                    }
                }
            }
        }
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static TarArchiveInputStream layerStream(Layer layer) throws IOException {
        return new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(layer.blob()), 1 << 16));
    }

    private static String strip(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }

    /** {@code name} below {@code dir}; a name that would leave it (absolute, or with ..) is refused. */
    private static Path inside(Path dir, String name) {
        Path target = dir.resolve(strip(name)).normalize();
        if (name.startsWith("/") || !target.startsWith(dir.normalize())) {
            throw new IllegalStateException("entry " + name + " would be written outside " + dir);
        }
        return target;
    }

    /** A layer must not write through a symbolic link (it could point out of the root file system). */
    private static void noLinkOnTheWay(Path rootfs, Path folder) {
        for (Path p = folder; p != null && p.startsWith(rootfs) && !p.equals(rootfs); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new IllegalStateException("a layer writes below the symbolic link " + rootfs.relativize(p));
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> all = Files.walk(path)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } else {
            Files.delete(path);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
