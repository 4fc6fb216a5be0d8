package org.nsexplorer.helper.overlay;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.nsexplorer.helper.cgroup.OwnerTag;
import org.nsexplorer.helper.support.TreeRemoval;

/** Removes the overlay directories of containers whose helper died before it could (named like their cgroups). */
public final class OverlayJanitor {
    private OverlayJanitor() {
    }

    public static void removeLeftovers(Path stateDir) {
        Path root = OverlayWorkspace.root(stateDir);
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "nsx-*")) {
            for (Path dir : entries) {
                Optional<OwnerTag> owner = OwnerTag.ofCgroupName(dir.getFileName().toString());
                if (owner.isPresent() && !owner.get().isAlive()) {
                    TreeRemoval.remove(dir);
                }
            }
        } catch (IOException e) {
            System.err.println("nsx-helper: could not clean overlay leftovers in " + root + ": " + e.getMessage());
        }
    }
}
