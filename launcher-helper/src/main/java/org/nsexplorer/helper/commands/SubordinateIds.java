package org.nsexplorer.helper.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * /etc/subuid and /etc/subgid: the ids newuidmap and newgidmap let a user map. Root is no
 * exception for them: without a line of its own they refuse to map another id
 * ("uid range [0-1) -> [1234-1235) not allowed").
 */
final class SubordinateIds {
    private SubordinateIds() {
    }

    /** Whether FILE gives USER (by name or number) the id ID. An unreadable or missing file gives none. */
    static boolean grants(Path file, String user, long uid, long id) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.strip().split(":");
                if (f.length != 3 || !(f[0].equals(user) || f[0].equals(Long.toString(uid)))) {
                    continue;
                }
                try {
                    long start = Long.parseLong(f[1]);
                    long count = Long.parseLong(f[2]);
                    if (id >= start && id < start + count) {
                        return true;
                    }
                } catch (NumberFormatException e) {
                    // not a range: newuidmap skips it too
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
