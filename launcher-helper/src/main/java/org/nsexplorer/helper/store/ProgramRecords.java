package org.nsexplorer.helper.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nsexplorer.helper.json.JsonArray;
import org.nsexplorer.helper.json.JsonInput;
import org.nsexplorer.helper.json.JsonObject;
import org.nsexplorer.helper.json.JsonOutput;
import org.nsexplorer.helper.rootfs.ProgramLibraries;
import org.nsexplorer.helper.spec.InvalidRequestException;

/**
 * For each stored rootfs built from host programs, what `ldd` listed for its programs when it
 * was built: stateDir/rootfs-programs/NAME.json. Kept beside the store, not in the tree,
 * because root in a container may write anywhere in its own rootfs; this directory is
 * root-only and no container sees it. The file holds {"format":1,"programs":[...]}, each
 * program as the rootfsList answer shows it ({@link #put}).
 */
public final class ProgramRecords {
    private static final int FORMAT = 1;
    /** Far above what 64 programs with their libraries take; a longer file is not read. */
    private static final long MAX_BYTES = 1 << 20;

    private final Path dir;

    public ProgramRecords(Path stateDir) {
        this.dir = stateDir.resolve("rootfs-programs");
    }

    /** Replaces NAME's record at once (a temporary file and a rename): a reader sees the old or the new one. */
    public void write(String name, List<ProgramLibraries> programs) throws IOException {
        Files.createDirectories(dir);
        Store.restrict(dir);
        JsonObject file = new JsonObject().put("format", FORMAT);
        put(file.putArray("programs"), programs);
        Path tmp = tmpOf(name);
        Files.write(tmp, JsonOutput.bytes(file));
        Files.move(tmp, fileOf(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** NAME's record, if it has one that can be read; a damaged one is reported on stderr and skipped. */
    public Optional<List<ProgramLibraries>> read(String name) {
        Path file = fileOf(name);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException("longer than " + MAX_BYTES + " bytes");
            }
            Object root = JsonInput.parse(Files.readAllBytes(file));
            if (!(root instanceof Map<?, ?> fields) || !(fields.get("format") instanceof Number format)
                    || format.intValue() != FORMAT) {
                throw new IOException("not format " + FORMAT);
            }
            List<ProgramLibraries> programs = new ArrayList<>();
            for (Object p : fields.get("programs") instanceof List<?> list ? list : List.of()) {
                programs.add(program(p));
            }
            return Optional.of(List.copyOf(programs));
        } catch (NoSuchFileException gone) { // removed with its rootfs meanwhile
            return Optional.empty();
        } catch (IOException e) {
            System.err.println("nsx-helper: ignoring " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Forgets NAME's record (and a temporary file a crash left). */
    public void remove(String name) throws IOException {
        Files.deleteIfExists(fileOf(name));
        Files.deleteIfExists(tmpOf(name));
    }

    /**
     * Adds PROGRAMS to ARRAY as the rootfsList answer shows them: name, path, hostPath, static,
     * loader (unless static) and libraries (soname, path, rootfsPath).
     */
    public static void put(JsonArray array, List<ProgramLibraries> programs) {
        for (ProgramLibraries p : programs) {
            JsonObject o = array.addObject().put("name", p.name()).put("path", p.path())
                    .put("hostPath", p.hostPath()).put("static", p.isStatic());
            p.loader().ifPresent(l -> o.put("loader", l));
            JsonArray libraries = o.putArray("libraries");
            for (ProgramLibraries.Library l : p.libraries()) {
                libraries.addObject().put("soname", l.soname()).put("path", l.path()).put("rootfsPath", l.rootfsPath());
            }
        }
    }

    private static ProgramLibraries program(Object p) throws IOException {
        List<ProgramLibraries.Library> libraries = new ArrayList<>();
        for (Object l : field(p, "libraries") instanceof List<?> list ? list : List.of()) {
            libraries.add(new ProgramLibraries.Library(text(l, "soname"), text(l, "path"), text(l, "rootfsPath")));
        }
        Optional<String> loader = p instanceof Map<?, ?> m && m.containsKey("loader")
                ? Optional.of(text(p, "loader")) : Optional.empty();
        return new ProgramLibraries(text(p, "name"), text(p, "path"), text(p, "hostPath"), loader, libraries);
    }

    private static Object field(Object node, String field) {
        return node instanceof Map<?, ?> m ? m.get(field) : null;
    }

    private static String text(Object node, String field) throws IOException {
        if (!(field(node, field) instanceof String value)) {
            throw new IOException("no text field '" + field + "' in " + node);
        }
        return value;
    }

    private Path fileOf(String name) {
        return dir.resolve(storeName(name) + ".json");
    }

    private Path tmpOf(String name) {
        return dir.resolve(storeName(name) + ".json.tmp");
    }

    /** Callers pass names the store checked already; this keeps a slip from becoming a path. */
    private static String storeName(String name) {
        try {
            return StoreNames.check("name", name);
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
