package org.nsexplorer.helper.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.nsexplorer.helper.cgroup.CgroupLayout;
import org.nsexplorer.helper.cgroup.OwnerTag;

/**
 * Whether a stored tree may be packed or removed now. A running container can write its
 * rootfs (and replace a directory by a symlink to /etc while an export or a removal walks
 * it), so neither runs while a container uses the tree: our own containers are known
 * exactly; another helper's are not, so any of them running counts as a use.
 */
public final class TreeUsage {
    private final Function<Path, Optional<String>> ownUsers;

    /** @param ownUsers the container of this helper using a tree, if any (none for the command line) */
    public TreeUsage(Function<Path, Optional<String>> ownUsers) {
        this.ownUsers = ownUsers;
    }

    public static TreeUsage commandLine() {
        return new TreeUsage(tree -> Optional.empty());
    }

    /** Why TREE is in use, if it is. */
    public Optional<String> whyInUse(Path tree) {
        Path real;
        try {
            real = tree.toRealPath();
        } catch (IOException e) {
            real = tree;
        }
        Optional<String> own = ownUsers.apply(real);
        if (own.isPresent()) {
            return Optional.of("container " + own.get() + " uses it: stop that container first");
        }
        return otherHelperRunning() ? Optional.of("another Namespace Explorer helper has containers running,"
                + " which may use it: stop them first") : Optional.empty();
    }

    private static boolean otherHelperRunning() {
        OwnerTag me = OwnerTag.current();
        try {
            for (Path root : CgroupLayout.detect().hierarchyRoots()) {
                try (DirectoryStream<Path> groups = Files.newDirectoryStream(root, "nsx-*")) {
                    for (Path group : groups) {
                        Optional<OwnerTag> owner = OwnerTag.ofCgroupName(group.getFileName().toString());
                        if (owner.isPresent() && !owner.get().equals(me) && hasProcesses(group)) {
                            return true;
                        }
                    }
                }
            }
        } catch (IOException e) {
            return true; // unknown: as if in use
        }
        return false;
    }

    private static boolean hasProcesses(Path group) {
        try {
            List<String> procs = Files.readAllLines(group.resolve("cgroup.procs"));
            return procs.stream().anyMatch(l -> !l.isBlank());
        } catch (IOException e) {
            return false;
        }
    }
}
