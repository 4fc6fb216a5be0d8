package org.nsexplorer.helper.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.nsexplorer.helper.cgroup.OwnerTag;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * One directory of named trees under the helper's state directory: root filesystems in
 * rootfs/, layers kept from containers in layers/. Root-only (0700): see {@link #restrict}.
 */
public final class Store {
    private final Path dir;

    private Store(Path dir) {
        this.dir = dir;
    }

    public static Store rootfs(Path stateDir) {
        return new Store(stateDir.resolve("rootfs"));
    }

    public static Store layers(Path stateDir) {
        return new Store(stateDir.resolve("layers"));
    }

    public Path dir() {
        return dir;
    }

    /** The tree NAME, if stored (a directory, not a symlink). */
    public Optional<Path> find(String name) {
        Path path = dir.resolve(name);
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? Optional.of(path) : Optional.empty();
    }

    /** Where NAME goes; the store directory exists afterwards. */
    public Path pathFor(String name) throws IOException {
        ensureDir();
        return dir.resolve(name);
    }

    public List<String> names() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .forEach(names::add);
        }
        return names;
    }

    /**
     * A hidden work directory in the store, for a tree being made (renamed into place when
     * done), named after this helper (.nsx-PID-START-0-NAME-...) so that one a crashed helper
     * left is known.
     */
    public Path newWorkDir(String name) throws IOException {
        ensureDir();
        return Files.createTempDirectory(dir, "." + OwnerTag.current().cgroupName(0) + "-" + name + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Removes the work directories of helpers that no longer run (a crash in the middle of a build). */
    public void removeAbandonedWorkDirs() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                Optional<OwnerTag> owner = n.startsWith(".nsx-") ? OwnerTag.ofCgroupName(n.substring(1))
                        : Optional.empty();
                if (owner.isPresent() && !owner.get().isAlive()) {
                    TreeRemoval.remove(p);
                }
            }
        } catch (IOException e) {
            System.err.println("nsx-helper: could not clean " + dir + ": " + e.getMessage());
        }
    }

    private void ensureDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        restrict(dir);
    }

    /**
     * Makes DIR root-only (0700), however it was made. Nobody else may reach a stored tree: a
     * container without a user namespace is the host's root in it, and could leave a setuid
     * program there for any user to run. Containers pass it as the host's root, before
     * they take their own ids (nsx-child.c's become_container_root).
     */
    public static void restrict(Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
