package org.nsexplorer.helper.rootfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Records what the host files a rootfs was built from looked like, one stat each: device and
 * inode, size and mtime, or "absent". A file replaced by a package upgrade gets a new inode, an edited one
 * a new size or mtime; so a freshness check needs no hashing and costs one stat per file.
 * Format: a header line (builder version and configuration), then "stamp TAB path" lines.
 */
final class SourceManifest {

    private static final String ABSENT = "absent";

    private final List<String> lines;

    private SourceManifest(List<String> lines) {
        this.lines = lines;
    }

    /** Stamps the files now, before they are copied, so a change during the build shows up later. */
    static SourceManifest capture(String header, Collection<Path> paths) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(header);
        for (Path p : paths) {
            lines.add(stamp(p) + "\t" + p);
        }
        return new SourceManifest(lines);
    }

    /** Writes through a temporary file and a rename, so a reader never sees half a manifest. */
    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** True when the manifest exists, has this header, and every file still has its recorded stamp. */
    static boolean isCurrent(Path file, String header) throws IOException {
        List<String> recorded;
        try {
            recorded = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (recorded.isEmpty() || !recorded.get(0).equals(header)) {
            return false;
        }
        for (String line : recorded.subList(1, recorded.size())) {
            int tab = line.indexOf('\t');
            if (tab < 0 || !line.substring(0, tab).equals(stamp(Path.of(line.substring(tab + 1))))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Follows symlinks: /usr/bin/sh switched from dash to bash changes the stamp. A path that
     * cannot be stat-ed counts as absent.
     */
    static String stamp(Path p) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (FileSystemException e) { // missing, or a path component is not a directory
            return ABSENT;
        }
        // On Linux the file key is "(dev=...,ino=...)".
        return a.fileKey() + ":" + a.size() + ":" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }
}
