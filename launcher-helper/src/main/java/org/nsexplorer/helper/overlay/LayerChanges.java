package org.nsexplorer.helper.overlay;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nsexplorer.helper.spec.RootfsPaths;

/**
 * What a container changed, read from its upper layer against the layers below it: files
 * with no counterpart below are added, those with one changed; whiteouts (character devices
 * 0:0) are deleted files; opaque directories replaced ones.
 */
public final class LayerChanges {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private LayerChanges() {
    }

    /** A list cut at LIMIT entries, with truncated saying so. */
    public record Listing(List<LayerChange> changes, boolean truncated) {
    }

    /**
     * @param lowers the read-only layers, top first, the base last
     */
    public static Listing list(Path upper, List<Path> lowers, int limit) throws IOException {
        List<LayerChange> changes = new ArrayList<>();
        boolean[] truncated = {false};
        Files.walkFileTree(upper, new SimpleFileVisitor<>() {
            /** The directory below which everything is new (added or in a replaced directory), if any. */
            private Path newSubtree;

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(upper)) {
                    return FileVisitResult.CONTINUE;
                }
                String path = containerPath(upper, dir);
                if (newSubtree != null || !existsBelow(lowers, path)) {
                    newSubtree = newSubtree == null ? dir : newSubtree;
                    return add(new LayerChange(path, LayerChange.Kind.ADDED));
                }
                if (OpaqueMarker.isOpaque(dir)) {
                    newSubtree = dir;
                    return add(new LayerChange(path, LayerChange.Kind.REPLACED));
                }
                return FileVisitResult.CONTINUE; // copied up on the way to something below it
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                if (dir.equals(newSubtree)) {
                    newSubtree = null;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String path = containerPath(upper, file);
                if (isWhiteout(file)) {
                    return add(new LayerChange(path, LayerChange.Kind.DELETED));
                }
                boolean below = newSubtree == null && existsBelow(lowers, path);
                return add(new LayerChange(path, below ? LayerChange.Kind.CHANGED : LayerChange.Kind.ADDED));
            }

            private FileVisitResult add(LayerChange change) {
                if (changes.size() >= limit) {
                    truncated[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                changes.add(change);
                return FileVisitResult.CONTINUE;
            }
        });
        return new Listing(changes, truncated[0]);
    }

    private static String containerPath(Path upper, Path p) {
        return "/" + upper.relativize(p);
    }

    private static boolean isWhiteout(Path file) throws IOException {
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        long rdev = (Long) Files.getAttribute(file, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        return (mode & S_IFMT) == S_IFCHR && rdev == 0;
    }

    /** Resolved inside each layer as the container would: a symlink in a layer never leads to the host's files. */
    private static boolean existsBelow(List<Path> lowers, String path) throws IOException {
        for (Path lower : lowers) {
            Optional<Path> found = RootfsPaths.resolve(lower, path);
            if (found.isPresent()) {
                return true;
            }
        }
        return false;
    }
}
