package org.nsexplorer.helper.rootfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds the host's terminfo entries for the common terminal types, so that top and less can draw. */
final class Terminfo {

    private static final List<String> NAMES = List.of("dumb", "linux", "vt100", "xterm", "xterm-256color", "screen");

    /** ncurses's own search order: the local override in /etc first. */
    private static final List<Path> HOST_DIRS =
            List.of(Path.of("/etc/terminfo"), Path.of("/lib/terminfo"), Path.of("/usr/share/terminfo"));

    private Terminfo() {}

    /** Entry path relative to a terminfo directory (like "x/xterm") to the host file, for each name found. */
    static Map<Path, Path> findOnHost() {
        Map<Path, Path> found = new LinkedHashMap<>();
        for (String name : NAMES) {
            char first = name.charAt(0);
            // Most systems file entries under their first letter; some under its hex code ("78/xterm").
            List<Path> layouts = List.of(Path.of(String.valueOf(first), name),
                    Path.of(Integer.toHexString(first), name));
            search:
            for (Path dir : HOST_DIRS) {
                for (Path rel : layouts) {
                    if (Files.isRegularFile(dir.resolve(rel))) {
                        found.put(rel, dir.resolve(rel));
                        break search;
                    }
                }
            }
        }
        return found;
    }
}
