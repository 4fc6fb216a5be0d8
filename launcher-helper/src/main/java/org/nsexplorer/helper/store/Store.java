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

/**
 * One directory of named trees under the helper's state directory: root filesystems in
 * rootfs/, layers kept from containers in layers/. Root-only (0700): an imported tree's
 * setuid programs and device nodes are no use to anyone else on the host.
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

    /** A hidden work directory in the store, for a tree being made (renamed into place when done). */
    public Path newWorkDir(String name) throws IOException {
        ensureDir();
        return Files.createTempDirectory(dir, "." + name + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private void ensureDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
