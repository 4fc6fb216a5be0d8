package org.nsexplorer.helper.rootfs;

import org.nsexplorer.helper.elf.ElfMachine;
import org.nsexplorer.helper.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * Finds the shared libraries a set of programs needs, transitively, in the order ld.so
 * searches: DT_RPATH (only when the object has no DT_RUNPATH), DT_RUNPATH, the ld.so.conf
 * directories (standing in for ld.so.cache), then the default directories. The "copy bash and
 * what ldd lists" lesson, done without running anything.
 */
public final class LibraryResolver {

    /**
     * @param inDefaultDir whether it was found in one of the default directories, which keep
     *                     meaning the same inside the rootfs (RPATH with $ORIGIN does not)
     */
    public record Library(String soname, Path path, boolean inDefaultDir) {}

    /** A loaded object and the object whose DT_NEEDED brought it in (null for the program). */
    private record Loaded(Path path, ElfFile elf, Loaded loader) {}

    private final ElfMachine machine;
    private final List<Path> confDirs;
    private final List<Path> defaultDirs;

    public LibraryResolver(ElfMachine machine, List<Path> confDirs) {
        this.machine = machine;
        this.confDirs = List.copyOf(confDirs);
        String t = machine.multiarchTriplet();
        this.defaultDirs = List.of(Path.of("/lib", t), Path.of("/usr/lib", t), Path.of("/lib64"),
                Path.of("/usr/lib64"), Path.of("/lib"), Path.of("/usr/lib"));
    }

    /**
     * Every library the programs need, breadth-first, each soname once (ld.so, too, loads a
     * soname only once per process). The interpreters are left out: ld.so is loaded already
     * when DT_NEEDED names it, so it is never searched for.
     */
    public List<Library> resolve(Collection<Path> programs, Collection<String> interpreterSonames) throws IOException {
        Set<String> seen = new HashSet<>(interpreterSonames);
        List<Library> found = new ArrayList<>();
        Deque<Loaded> queue = new ArrayDeque<>();
        for (Path program : programs) {
            queue.add(new Loaded(program, ElfFile.read(program), null));
        }
        while (!queue.isEmpty()) {
            Loaded requester = queue.remove();
            for (String soname : requester.elf.needed()) {
                if (!seen.add(soname)) {
                    continue;
                }
                if (soname.contains("/")) {
                    throw new WordedIOException(Word.ROOTFS_BUILD_LIBRARY_BY_PATH, requester.path, soname);
                }
                Loaded lib = find(soname, requester).orElseThrow(() -> new WordedIOException(
                        Word.ROOTFS_BUILD_LIBRARY_NOT_FOUND, soname, requester.path));
                found.add(new Library(soname, lib.path, defaultDirs.contains(lib.path.getParent())));
                queue.add(lib);
            }
        }
        return found;
    }

    private Optional<Loaded> find(String soname, Loaded requester) throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (requester.elf.runpath().isEmpty()) {
            // DT_RPATH of the requester, then of each object that loaded it, up to the program.
            for (Loaded l = requester; l != null; l = l.loader) {
                dirs.addAll(expand(l.elf.rpath(), l));
            }
        }
        dirs.addAll(expand(requester.elf.runpath(), requester));
        dirs.addAll(confDirs);
        dirs.addAll(defaultDirs);
        for (Path dir : dirs) {
            Path candidate = dir.resolve(soname);
            if (Files.isRegularFile(candidate)) {
                try {
                    ElfFile elf = ElfFile.read(candidate);
                    if (elf.machine() == machine) {
                        return Optional.of(new Loaded(candidate, elf, requester));
                    }
                } catch (IOException notUsable) {
                    // ld.so, too, skips a file it cannot load (another class or CPU) and keeps searching.
                }
            }
        }
        return Optional.empty();
    }

    /** Splits a search path and expands $ORIGIN, the directory of the object that carries it. */
    private static List<Path> expand(Optional<String> searchPath, Loaded owner) throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (searchPath.isEmpty()) {
            return dirs;
        }
        // For the program, ld.so takes $ORIGIN from /proc/self/exe, which has its symlinks resolved.
        Path origin = (owner.loader == null ? owner.path.toRealPath() : owner.path.toAbsolutePath()).getParent();
        for (String entry : searchPath.get().split(":")) {
            String dir = entry.replace("${ORIGIN}", origin.toString()).replace("$ORIGIN", origin.toString());
            if (dir.startsWith("/")) { // an empty or relative entry means the current directory, unknown here
                dirs.add(Path.of(dir));
            }
        }
        return dirs;
    }
}
