package org.nsexplorer.helper.cgroup;

import java.nio.file.Path;
import java.util.List;

/** One container's cgroup: the same name in each hierarchy it lives in (one dir on v2). */
public record ContainerCgroup(String name, List<Path> dirs) {
    public ContainerCgroup {
        dirs = List.copyOf(dirs);
    }
}
