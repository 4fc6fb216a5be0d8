package org.nsexplorer.helper.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The kernel's dying cgroups: removed, but kept while memory charged to them (page cache,
 * kernel objects) lives on. A host that gathers them may launch slower; the long-class bench
 * counts them before and after. cgroup v2 counts them itself (cgroup.stat); v1 tells only how
 * many memory cgroups exist (/proc/cgroups), of which those not in the tree are dying.
 */
public final class DyingCgroups {
    private static final Path V2_STAT = Path.of("/sys/fs/cgroup/cgroup.stat");
    private static final Path V1_MEMORY = Path.of("/sys/fs/cgroup/memory");

    private DyingCgroups() {
    }

    public static String describe() {
        try {
            if (Files.exists(V2_STAT)) {
                return "cgroup v2: " + field(Files.readString(V2_STAT), "nr_descendants") + " cgroups, "
                        + field(Files.readString(V2_STAT), "nr_dying_descendants") + " dying";
            }
            long inKernel = -1;
            for (String line : Files.readAllLines(Path.of("/proc/cgroups"))) {
                String[] f = line.split("\\s+");
                if (f.length >= 3 && f[0].equals("memory")) {
                    inKernel = Long.parseLong(f[2]);
                }
            }
            long inTree;
            try (Stream<Path> dirs = Files.walk(V1_MEMORY)) {
                inTree = dirs.filter(Files::isDirectory).count();
            }
            return "cgroup v1 memory: " + inTree + " in the tree, " + inKernel + " in the kernel, "
                    + (inKernel - inTree) + " dying";
        } catch (IOException | RuntimeException e) {
            return "dying cgroups unknown (" + e.getMessage() + ")";
        }
    }

    private static String field(String stat, String name) {
        for (String line : stat.split("\n")) {
            if (line.startsWith(name + " ")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "?";
    }
}
