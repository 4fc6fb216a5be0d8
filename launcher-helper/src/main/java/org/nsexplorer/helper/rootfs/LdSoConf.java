package org.nsexplorer.helper.rootfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The library directories listed in /etc/ld.so.conf and the files it includes. ld.so itself
 * reads only the cache that ldconfig builds from these; reading the configuration directly
 * gives the same directories without depending on the cache being current.
 *
 * @param dirs    library directories in configuration order, without duplicates
 * @param sources every configuration file and include directory read, so a change can be noticed
 */
public record LdSoConf(List<Path> dirs, List<Path> sources) {

    private static final int MAX_INCLUDE_DEPTH = 8;

    public static LdSoConf read(Path conf) throws IOException {
        Set<Path> dirs = new LinkedHashSet<>();
        Set<Path> sources = new LinkedHashSet<>();
        readInto(conf, dirs, sources, 0);
        return new LdSoConf(List.copyOf(dirs), List.copyOf(sources));
    }

    private static void readInto(Path conf, Set<Path> dirs, Set<Path> sources, int depth) throws IOException {
        sources.add(conf);
        if (depth > MAX_INCLUDE_DEPTH || !Files.isRegularFile(conf)) { // the depth limit also ends include cycles
            return;
        }
        for (String raw : Files.readAllLines(conf)) {
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.isEmpty() || line.startsWith("hwcap ")) {
                continue;
            }
            if (line.matches("include\\s.*")) {
                for (String pattern : line.substring(8).trim().split("\\s+")) {
                    for (Path included : glob(conf.getParent().resolve(pattern), sources)) {
                        readInto(included, dirs, sources, depth + 1);
                    }
                }
            } else {
                // Old syntax allowed several directories per line and a "=type" suffix.
                for (String dir : line.split("[\\s:,]+")) {
                    dirs.add(Path.of(dir.replaceFirst("=.*", "")));
                }
            }
        }
    }

    /** Like glob(3) for the usual case, a pattern in the last path component only; matches come sorted. */
    private static List<Path> glob(Path pattern, Set<Path> sources) throws IOException {
        Path dir = pattern.getParent();
        sources.add(dir);
        List<Path> matches = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, pattern.getFileName().toString())) {
                ds.forEach(matches::add);
            }
        }
        return new ArrayList<>(new TreeSet<>(matches));
    }
}
