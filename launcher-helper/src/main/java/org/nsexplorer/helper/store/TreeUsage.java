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
import org.nsexplorer.helper.words.Word;

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
        AutoCloseable hold(Path tree) throws TreeInUseException;
    }

    /** What is done to a tree while it is held, and what a refusal says. */
    public enum Use {
        PACK(Word.ROOTFS_PACK_OTHER_HELPER, Word.ROOTFS_PACK_IN_USE),
        REMOVE(Word.ROOTFS_REMOVE_OTHER_HELPER, Word.ROOTFS_REMOVE_IN_USE);

        /** Another helper runs containers, which may use it. Shows the tree's name. */
        private final Word otherHelper;
        /** One of ours uses it. Shows the tree's name and the container's id. */
        private final Word inUse;

        Use(Word otherHelper, Word inUse) {
            this.otherHelper = otherHelper;
            this.inUse = inUse;
        }
    }

    private final OwnContainers own;

    public TreeUsage(OwnContainers own) {
        this.own = own;
    }

    /** The command line: no containers of its own. */
    public static TreeUsage commandLine() {
        return new TreeUsage(tree -> () -> { });
    }

    /** Holds TREE for USE, or refuses saying why it is in use. */
    public AutoCloseable hold(Path tree, String name, Use use) throws InvalidRequestException {
        Path real;
        try {
            real = tree.toRealPath();
        } catch (IOException e) {
            real = tree;
        }
        if (otherHelperRunning()) {
            throw new InvalidRequestException("name", use.otherHelper, name);
        }
        try {
            return own.hold(real);
        } catch (TreeInUseException e) {
            throw new InvalidRequestException("name", use.inUse, name, e.container());
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
