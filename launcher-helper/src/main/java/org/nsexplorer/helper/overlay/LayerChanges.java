package org.nsexplorer.helper.overlay;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
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
        // The container writes this tree while we read it: every directory is opened relative to
        // its parent's fd without following a symlink (openat, O_NOFOLLOW), so a directory it
        // swaps for a symlink to the host's /etc is never entered.
        try (DirectoryStream<Path> top = Files.newDirectoryStream(upper)) {
            if (!(top instanceof SecureDirectoryStream<Path> root)) {
                throw new IOException("this platform cannot walk a directory without following symlinks");
            }
            boolean complete = walk(root, upper, upper, lowers, false, changes, limit);
            return new Listing(changes, !complete);
        }
    }

    /** @return false once LIMIT changes are listed (the walk stops) */
    private static boolean walk(SecureDirectoryStream<Path> dir, Path upper, Path dirPath, List<Path> lowers,
            boolean allNew, List<LayerChange> changes, int limit) throws IOException {
        List<Path> names = new ArrayList<>();
        for (Path entry : dir) {
            names.add(entry.getFileName());
        }
        names.sort(null);
        for (Path name : names) {
            Path path = dirPath.resolve(name);
            String inside = containerPath(upper, path);
            PosixFileAttributes attrs;
            try {
                attrs = dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
            } catch (IOException gone) {
                continue; // removed meanwhile
            }
            if (changes.size() >= limit) {
                return false;
            }
            if (attrs.isDirectory()) {
                boolean below = !allNew && existsBelow(lowers, inside);
                boolean opaque = below && OpaqueMarker.isOpaque(path);
                if (!below || opaque) {
                    changes.add(new LayerChange(inside, below ? LayerChange.Kind.REPLACED : LayerChange.Kind.ADDED));
                }
                try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                    if (!walk(sub, upper, path, lowers, allNew || !below || opaque, changes, limit)) {
                        return false;
                    }
                } catch (IOException swapped) {
                    // no longer a directory (or gone): nothing of it is listed
                }
            } else if (attrs.isOther() && isWhiteout(path)) {
                changes.add(new LayerChange(inside, LayerChange.Kind.DELETED));
            } else {
                boolean below = !allNew && existsBelow(lowers, inside);
                changes.add(new LayerChange(inside, below ? LayerChange.Kind.CHANGED : LayerChange.Kind.ADDED));
            }
        }
        return true;
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
