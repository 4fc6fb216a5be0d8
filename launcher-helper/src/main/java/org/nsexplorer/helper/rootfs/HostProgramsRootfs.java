package org.nsexplorer.helper.rootfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A rootfs assembled from host programs the teacher names and the libraries they need, laid
 * out like the built-in one (which is this with a fixed list): the walkthrough's "copy bash
 * and what ldd lists" done for every program at once.
 */
public final class HostProgramsRootfs {
    private HostProgramsRootfs() {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

    /** A bare name looked up on the host's PATH: never a path, so it lands only in usr/bin. */
    public static boolean isProgramName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /**
     * Builds into the empty directory DIR; every program must be found on the host. Returns what
     * `ldd` lists for each program, which the rootfs itself cannot be trusted to keep.
     */
    public static List<ProgramLibraries> build(List<String> programs, Path dir) throws IOException {
        for (String program : programs) {
            if (!isProgramName(program)) {
                throw new IllegalArgumentException("not a program name: " + program);
            }
        }
        RootfsPlanner planner = new RootfsPlanner(programs, List.of(), ProgramLookup.HOST_SEARCH_PATH,
                Path.of("/etc/ld.so.conf"));
        RootfsPlan plan = planner.plan();
        new RootfsAssembler(dir).assemble(plan);
        return plan.eachProgram();
    }
}
