package org.nsexplorer.app.rootfs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One program of a rootfs built from host programs, and what `ldd` lists for it, as the
 * helper recorded them when it built the rootfs (rootfsList's "programs").
 *
 * @param path     where it is inside the rootfs
 * @param hostPath the host file it was copied from
 * @param loader   the dynamic loader; empty for a static program
 */
public record ProgramLibraries(String name, String path, String hostPath, boolean isStatic, String loader,
        List<Library> libraries) {

    /**
     * @param path       where the host has it, as `ldd` prints it
     * @param rootfsPath where programs inside find it: the same path, unless it had to go elsewhere
     */
    public record Library(String soname, String path, String rootfsPath) {
        /** Placed elsewhere in the rootfs than on the host (found through RPATH or ld.so.conf). */
        public boolean movedInRootfs() {
            return !rootfsPath.isEmpty() && !rootfsPath.equals(path);
        }
    }

    public ProgramLibraries {
        libraries = List.copyOf(libraries);
    }

    /** The helper's "programs" array; a missing one (any other kind of rootfs) gives an empty list. */
    public static List<ProgramLibraries> parse(JsonNode programs) {
        List<ProgramLibraries> parsed = new ArrayList<>();
        for (JsonNode p : programs) {
            List<Library> libraries = new ArrayList<>();
            for (JsonNode l : p.path("libraries")) {
                libraries.add(new Library(text(l, "soname"), text(l, "path"), text(l, "rootfsPath")));
            }
            parsed.add(new ProgramLibraries(text(p, "name"), text(p, "path"), text(p, "hostPath"),
                    p.path("static").asBoolean(), text(p, "loader"), libraries));
        }
        return List.copyOf(parsed);
    }

    /** A field's text with control characters shown as '?': nothing the helper sends moves the cursor. */
    private static String text(JsonNode node, String field) {
        return node.path(field).asText("").replaceAll("\\p{Cntrl}", "?");
    }
}
