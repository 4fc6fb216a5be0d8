package org.nsexplorer.helper.rootfs;

import java.util.List;
import java.util.Optional;

/**
 * What `ldd PROGRAM` lists for one program of a rootfs built from host programs, as found
 * when it was built: the loader (PT_INTERP) and every library by soname, in load order.
 *
 * @param path     where the program is inside the rootfs (/usr/bin/NAME; /bin leads there too)
 * @param hostPath the host file it was copied from
 * @param loader   the dynamic loader, at the same path inside as on the host; empty for a static program
 */
public record ProgramLibraries(String name, String path, String hostPath, Optional<String> loader,
        List<Library> libraries) {

    /**
     * @param path       where the host has it: what `ldd` on the host prints, and the walkthrough copies
     * @param rootfsPath where a program inside the rootfs finds it (the same path, unless it was found
     *                   outside the default directories and so went to /usr/local/lib)
     */
    public record Library(String soname, String path, String rootfsPath) {
    }

    public ProgramLibraries {
        libraries = List.copyOf(libraries);
    }

    /** No PT_INTERP: `ldd` says "not a dynamic executable", and the kernel runs it as it is. */
    public boolean isStatic() {
        return loader.isEmpty();
    }
}
