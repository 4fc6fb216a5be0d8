package org.nsexplorer.helper.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nsexplorer.helper.cgroup.CgroupLayout;
import org.nsexplorer.helper.cgroup.OwnerTag;
import org.nsexplorer.helper.spec.InvalidRequestException;

/**
 * Whether a stored tree may be packed or removed now, and holding it while that runs. A
 * running container can write its rootfs (and replace a directory by a symlink to /etc
 * while an export or a removal walks it), so neither runs while a container may use the
 * tree. Our own containers are known exactly, and none may start on the tree while it is
 * held; another helper's are not, so any of them running counts as a use.
 */
public final class TreeUsage {
    /** Our own containers: refuses when one uses TREE, else holds it until the result is closed. */
    public interface OwnContainers {
        AutoCloseable hold(Path tree) throws InvalidRequestException;
    }

    private final OwnContainers own;

    public TreeUsage(OwnContainers own) {
        this.own = own;
    }

    /** The command line: no containers of its own. */
    public static TreeUsage commandLine() {
        return new TreeUsage(tree -> () -> { });
    }

    /** Holds TREE for DOING ("pack", "remove"), or refuses saying why it is in use. */
    public AutoCloseable hold(Path tree, String name, String doing) throws InvalidRequestException {
        Path real;
        try {
            real = tree.toRealPath();
        } catch (IOException e) {
            real = tree;
        }
        if (otherHelperRunning()) {
            throw new InvalidRequestException("name", "cannot " + doing + " " + name + " now: another Namespace"
                    + " Explorer helper has containers running, which may use it: stop them first");
        }
        try {
            return own.hold(real);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("name", "cannot " + doing + " " + name + " now: " + e.getMessage());
        }
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
