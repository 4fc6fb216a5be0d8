package org.nsexplorer.helper.rootfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A rootfs assembled from host programs the teacher names and the libraries they need, laid
 * out like the built-in one (which is this with a fixed list): the walkthrough's "copy bash
 * and what ldd lists" done for every program at once.
 */
public final class HostProgramsRootfs {
    private HostProgramsRootfs() {
    }

    /** Builds into the empty directory DIR; every program must be found on the host. */
    public static void build(List<String> programs, Path dir) throws IOException {
        RootfsPlanner planner = new RootfsPlanner(programs, List.of(), ProgramLookup.HOST_SEARCH_PATH,
                Path.of("/etc/ld.so.conf"));
        new RootfsAssembler(dir).assemble(planner.plan());
    }
}
