package org.nsexplorer.helper.overlay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * One container's overlay directories: upper (its writes), work (overlayfs's own) and merged
 * (where the stage mounts the overlay, inside the container's mount namespace only), under
 * STATE/overlay/NAME with NAME the container's cgroup name, so that leftovers of a crashed
 * helper are known by their owner.
 */
public final class OverlayWorkspace {
    private final Path dir;

    private OverlayWorkspace(Path dir) {
        this.dir = dir;
    }

    public static Path root(Path stateDir) {
        return stateDir.resolve("overlay");
    }

    public static OverlayWorkspace create(Path stateDir, String name) throws IOException {
        Path root = root(stateDir);
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        Path dir = Files.createDirectory(root.resolve(name));
        for (String sub : new String[] {"upper", "work", "merged"}) {
            Files.createDirectory(dir.resolve(sub));
        }
        // The upper's root becomes the container's /: the mode a root directory has.
        Files.setPosixFilePermissions(dir.resolve("upper"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return new OverlayWorkspace(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path upper() {
        return dir.resolve("upper");
    }

    public Path work() {
        return dir.resolve("work");
    }

    public Path merged() {
        return dir.resolve("merged");
    }

    /**
     * After the container's end: moves the upper to KEEPAS (a new layer), if given, then
     * removes the rest. Returns where the upper went (NAME-2... when NAME was taken meanwhile).
     */
    public Optional<Path> finish(Optional<Path> keepAs) throws IOException {
        Optional<Path> kept = Optional.empty();
        try {
            if (keepAs.isPresent() && Files.isDirectory(upper(), LinkOption.NOFOLLOW_LINKS)) {
                Path target = keepAs.get();
                // Taken meanwhile (another helper kept one of that name): NAME-2, NAME-3, ... rather than lose it.
                String base = keepAs.get().getFileName().toString();
                base = base.substring(0, Math.min(base.length(), 58)); // NAME-n stays a valid name (64 at most)
                for (int n = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
                    target = keepAs.get().resolveSibling(base + "-" + n);
                }
                Files.move(upper(), target);
                kept = Optional.of(target);
            }
        } finally {
            TreeRemoval.remove(dir);
        }
        return kept;
    }
}
