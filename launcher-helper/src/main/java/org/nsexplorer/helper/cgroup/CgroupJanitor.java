package org.nsexplorer.helper.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Removes nsx-* cgroups whose helper is gone (a crash), killing what still runs in them. */
public final class CgroupJanitor {
    private final List<Path> roots;

    public CgroupJanitor(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** @return the cgroup directories it removed */
    public List<Path> removeLeftovers() {
        List<Path> removed = new ArrayList<>();
        for (Path root : roots) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "nsx-*")) {
                for (Path dir : entries) {
                    Optional<OwnerTag> owner = OwnerTag.ofCgroupName(dir.getFileName().toString());
                    if (owner.isPresent() && !owner.get().isAlive() && Files.isDirectory(dir)) {
                        try {
                            CgroupFiles.killAndRemove(dir);
                            removed.add(dir);
                        } catch (IOException e) {
                            // One that cannot go yet stops no other; the next start tries again.
                            System.err.println("nsx-helper: a leftover of a helper that no longer runs: "
                                    + e.getMessage());
                        }
                    }
                }
            } catch (IOException e) {
                System.err.println("nsx-helper: could not clean leftovers in " + root + ": " + e.getMessage());
            }
        }
        return removed;
    }
}
