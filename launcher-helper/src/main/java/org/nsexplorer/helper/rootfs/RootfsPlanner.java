package org.nsexplorer.helper.rootfs;

import org.nsexplorer.helper.elf.ElfMachine;
import org.nsexplorer.helper.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * Decides which host files make up the rootfs: the programs, their interpreter and libraries,
 * terminfo, and the project's own static lesson programs.
 */
final class RootfsPlanner {

    private final List<String> required;
    private final List<String> optional;
    private final List<Path> searchPath;
    private final Path ldSoConf;
    private final Map<String, Path> lessonPrograms;

    RootfsPlanner(List<String> required, List<String> optional, List<Path> searchPath, Path ldSoConf) {
        this(required, optional, searchPath, ldSoConf, Map.of());
    }

    /** @param lessonPrograms name in usr/local/bin to a static host program, used only if it is there */
    RootfsPlanner(List<String> required, List<String> optional, List<Path> searchPath, Path ldSoConf,
            Map<String, Path> lessonPrograms) {
        if (required.isEmpty()) {
            throw new IllegalArgumentException("at least one required program");
        }
        this.required = List.copyOf(required);
        this.optional = List.copyOf(optional);
        this.searchPath = List.copyOf(searchPath);
        this.ldSoConf = ldSoConf;
        for (String name : lessonPrograms.keySet()) {
            if (!HostProgramsRootfs.isProgramName(name)) {
                throw new IllegalArgumentException("not a program name: " + name);
            }
        }
        this.lessonPrograms = new LinkedHashMap<>(lessonPrograms);
    }

    RootfsPlan plan() throws IOException {
        ProgramLookup lookup = new ProgramLookup(searchPath);
        Map<String, Path> found = lookup.findAll(required, optional);
        Set<Path> watched = new LinkedHashSet<>(found.values());

        // The first required program (the shell) tells which CPU the host's programs are for.
        ElfMachine machine = ElfFile.read(found.get(required.get(0))).machine();
        Map<String, Path> programs = new LinkedHashMap<>();
        Set<Path> interpreters = new LinkedHashSet<>();
        for (Map.Entry<String, Path> e : found.entrySet()) {
            Optional<ElfFile> elf = usableElf(e.getKey(), e.getValue(), machine);
            if (elf.isPresent()) {
                programs.put(e.getKey(), e.getValue());
                elf.get().interpreter().map(Path::of).ifPresent(interpreters::add);
            }
        }
        List<String> interpreterSonames = new ArrayList<>();
        for (Path interpreter : interpreters) {
            interpreterSonames.add(ElfFile.read(interpreter).soname().orElse(interpreter.getFileName().toString()));
        }

        LdSoConf conf = LdSoConf.read(ldSoConf);
        LibraryResolver resolver = new LibraryResolver(machine, conf.dirs());
        List<LibraryResolver.Library> libraries = resolver.resolve(programs.values(), interpreterSonames);
        // ldconfig is a tool of the host, not a program for the rootfs: look for it on root's PATH.
        Optional<Path> ldconfig = new ProgramLookup(ProgramLookup.HOST_SEARCH_PATH).find("ldconfig");
        Map<Path, Path> terminfo = Terminfo.findOnHost();
        List<ProgramLibraries> eachProgram = eachProgram(programs, interpreterSonames, libraries, resolver);

        watched.addAll(interpreters);
        libraries.forEach(l -> watched.add(l.path()));
        watched.addAll(terminfo.values());
        watched.addAll(conf.sources());
        ldconfig.ifPresent(watched::add);
        watched.addAll(lookup.absentPaths());
        // Watched also when missing or unusable: the rootfs is rebuilt once a build provides it.
        watched.addAll(lessonPrograms.values());
        return new RootfsPlan(machine, programs, interpreters, libraries, eachProgram, terminfo, ldconfig,
                usableLessonPrograms(machine), watched);
    }

    /**
     * The lesson programs that are there and static for this machine. No libraries are copied
     * for them, so a dynamic one could not start inside; a missing one only misses its lesson.
     */
    private Map<String, Path> usableLessonPrograms(ElfMachine machine) {
        Map<String, Path> usable = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : lessonPrograms.entrySet()) {
            try {
                ElfFile elf = ElfFile.read(e.getValue());
                if (elf.machine() == machine && elf.interpreter().isEmpty() && elf.needed().isEmpty()) {
                    usable.put(e.getKey(), e.getValue());
                }
            } catch (IOException missingOrNotElf) {
                // left out
            }
        }
        return usable;
    }

    /**
     * What `ldd` lists for each program on its own: its libraries, resolved for it alone, in the
     * order ld.so loads them. Where one is inside the rootfs comes from the copy actually made
     * (RESOLVED, for all programs at once), which is the same file unless two programs' RPATHs
     * disagree about a soname.
     */
    private static List<ProgramLibraries> eachProgram(Map<String, Path> programs, List<String> interpreterSonames,
            List<LibraryResolver.Library> resolved, LibraryResolver resolver) throws IOException {
        Map<String, LibraryResolver.Library> copied = new LinkedHashMap<>();
        resolved.forEach(l -> copied.put(l.soname(), l));
        List<ProgramLibraries> each = new ArrayList<>();
        for (Map.Entry<String, Path> p : programs.entrySet()) {
            List<ProgramLibraries.Library> libraries = new ArrayList<>();
            for (LibraryResolver.Library l : resolver.resolve(List.of(p.getValue()), interpreterSonames)) {
                libraries.add(new ProgramLibraries.Library(l.soname(), l.path().toString(),
                        RootfsAssembler.pathInside(copied.getOrDefault(l.soname(), l))));
            }
            each.add(new ProgramLibraries(p.getKey(), "/" + RootfsAssembler.PROGRAM_DIR.resolve(p.getKey()),
                    p.getValue().toString(), ElfFile.read(p.getValue()).interpreter(), libraries));
        }
        return each;
    }

    /** A required program must be a dynamic or static ELF for this machine; an optional one is skipped if not. */
    private Optional<ElfFile> usableElf(String name, Path path, ElfMachine machine) throws IOException {
        try {
            ElfFile elf = ElfFile.read(path);
            if (elf.machine() != machine) {
                throw new IOException(path + ": built for " + elf.machine() + ", the other programs for " + machine);
            }
            return Optional.of(elf);
        } catch (IOException e) {
            if (required.contains(name)) {
                throw new WordedIOException(Sentence.of(Word.ROOTFS_BUILD_PROGRAM_UNUSABLE, name, e.getMessage()), e);
            }
            return Optional.empty();
        }
    }
}
