package org.nsexplorer.helper.cgroup;

import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** One container's cgroup: the same name in each hierarchy it lives in (one dir on v2). */
public record ContainerCgroup(String name, List<Path> dirs) {
    public ContainerCgroup {
        dirs = List.copyOf(dirs);
    }

    /**
     * The container's own processes: those in its cgroup or one nested in it, in any of its
     * hierarchies (the stage checks the same before it signals one). Sorted.
     */
    public SortedSet<Long> members() {
        SortedSet<Long> pids = new TreeSet<>();
        dirs.forEach(dir -> pids.addAll(CgroupFiles.membersOfTree(dir)));
        return pids;
    }
}
