package org.nsexplorer.helper.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * Looks programs up on the host the way a shell walks PATH. Also remembers the places that
 * were looked at and found empty, so that a program installed later in an earlier directory
 * (say /usr/local/bin/ls) is noticed as a change.
 */
final class ProgramLookup {

    /** Debian 12 packages that provide the programs, to make "missing" actionable. */
    private static final Map<String, String> DEBIAN_PACKAGES = byProgram(
            "coreutils", "ls cat echo sleep id head tail tr env mkdir rm touch ln cp mv chmod df uname whoami"
                    + " nproc readlink stat wc dd yes true false",
            "procps", "ps top uptime kill free",
            "mount", "mount umount",
            "util-linux", "ipcs ipcmk ipcrm",
            "iproute2", "ip",
            "iputils-ping", "ping",
            "dash", "sh",
            "hostname", "hostname", "bash", "bash", "grep", "grep", "sed", "sed", "less", "less");

    /** PATH as root's login shell has it on Debian. */
    static final List<Path> HOST_SEARCH_PATH = List.of(Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"),
            Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin"), Path.of("/bin"));

    private final List<Path> searchPath;
    private final List<Path> absent = new ArrayList<>();

    ProgramLookup(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    Optional<Path> find(String name) {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
            absent.add(candidate);
        }
        return Optional.empty();
    }

    Path require(String name) throws IOException {
        Optional<Path> found = find(name);
        if (found.isPresent()) {
            return found.get();
        }
        if (DEBIAN_PACKAGES.containsKey(name)) {
            throw new WordedIOException(Word.ROOTFS_BUILD_PROGRAM_NOT_FOUND_INSTALL, name, searchPath,
                    DEBIAN_PACKAGES.get(name));
        }
        throw new WordedIOException(Word.ROOTFS_BUILD_PROGRAM_NOT_FOUND, name, searchPath);
    }

    /** Found programs by name, in the order asked; a missing optional one is left out. */
    Map<String, Path> findAll(List<String> required, List<String> optional) throws IOException {
        Map<String, Path> found = new LinkedHashMap<>();
        for (String name : required) {
            found.put(name, require(name));
        }
        for (String name : optional) {
            find(name).ifPresent(p -> found.put(name, p));
        }
        return found;
    }

    private static Map<String, String> byProgram(String... packageThenPrograms) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < packageThenPrograms.length; i += 2) {
            for (String program : packageThenPrograms[i + 1].split(" ")) {
                map.put(program, packageThenPrograms[i]);
            }
        }
        return Map.copyOf(map);
    }

    /** Every path looked at that held no program; each must stay empty for a build to stay current. */
    List<Path> absentPaths() {
        return List.copyOf(absent);
    }
}
