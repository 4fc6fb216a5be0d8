package org.nsexplorer.helper.rootfs;

import org.nsexplorer.helper.elf.ElfMachine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything that goes into the rootfs, as host files, decided before anything is copied.
 *
 * @param programs     name inside the rootfs to host file
 * @param interpreters PT_INTERP paths, copied to exactly that path inside the rootfs
 * @param eachProgram  what `ldd` lists for each program, in the order of PROGRAMS
 * @param terminfo     entry path relative to a terminfo directory to host file
 * @param ldconfig     the host's ldconfig, if it has one, for when a library lands where the
 *                     loader does not look without an ld.so.cache
 * @param lessonPrograms name in usr/local/bin to the project's static program on the host
 * @param watched      every host path whose change (or appearance) makes the rootfs stale
 */
record RootfsPlan(
        ElfMachine machine,
        Map<String, Path> programs,
        Set<Path> interpreters,
        List<LibraryResolver.Library> libraries,
        List<ProgramLibraries> eachProgram,
        Map<Path, Path> terminfo,
        Optional<Path> ldconfig,
        Map<String, Path> lessonPrograms,
        Set<Path> watched) {}
