package org.nsexplorer.helper.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.nsexplorer.helper.spec.Limits;

/** Creates a container's cgroups and writes its limits; v1 and v2 differ only here. */
public interface CgroupDriver {

    /** Creates cgroup NAME with LIMITS; on failure removes whatever it created and throws. */
    ContainerCgroup create(String name, Limits limits) throws IOException;

    /** The directories create(NAME, ...) makes, before it makes them. */
    default List<Path> dirsFor(String name) {
        return hierarchyRoots().stream().map(root -> root.resolve(name)).toList();
    }

    /** The directories under which this driver creates cgroups (where leftovers are looked for). */
    List<Path> hierarchyRoots();

    /** "v1" or "v2", for messages and the equivalent commands. */
    String version();

    /** The limits this host's controllers can apply: some of memory, cpu and pids. */
    Set<String> limitable();
}
