package org.nsexplorer.helper.rootfs;

import org.nsexplorer.helper.elf.ElfFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walkthrough's "copy bash and what ldd lists", with the host's real programs. */
class HostProgramsRootfsTest {

    private static ProgramLibraries only(List<ProgramLibraries> programs, String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + programs));
    }

    /** The file a path inside the rootfs leads to, following the rootfs' own symlinks (lib -> usr/lib). */
    private static Path inside(Path root, String absolute) throws IOException {
        Path p = root.resolve(absolute.substring(1));
        assertTrue(Files.isRegularFile(p), absolute + " is not a file in the rootfs");
        Path real = p.toRealPath();
        assertTrue(real.startsWith(root.toRealPath()), absolute + " leads out of the rootfs to " + real);
        return real;
    }

    @Test
    void bashListsLibcAndTheLoaderAndEachIsWhereItSaysInTheRootfs(@TempDir Path dir) throws IOException {
        List<ProgramLibraries> programs = HostProgramsRootfs.build(List.of("bash"), dir);
        assertEquals(1, programs.size(), programs.toString());
        ProgramLibraries bash = only(programs, "bash");
        Path hostBash = Path.of(bash.hostPath());

        assertFalse(bash.isStatic());
        assertEquals(ElfFile.read(hostBash).interpreter(), bash.loader());
        assertTrue(bash.libraries().stream().anyMatch(l -> l.soname().equals("libc.so.6")), bash.toString());
        assertEquals(Files.size(hostBash), Files.size(inside(dir, bash.path())));
        Path loader = inside(dir, bash.loader().orElseThrow());
        assertEquals(Files.size(Path.of(bash.loader().get())), Files.size(loader));
        for (ProgramLibraries.Library l : bash.libraries()) {
            assertEquals(Files.size(Path.of(l.path())), Files.size(inside(dir, l.rootfsPath())), l.toString());
        }
    }

    @Test
    void librariesAreWhatLddListsInItsOrder(@TempDir Path dir) throws Exception {
        Path ldd = Path.of("/usr/bin/ldd");
        assumeTrue(Files.isExecutable(ldd), "no ldd on this host");
        List<ProgramLibraries> programs = HostProgramsRootfs.build(List.of("bash", "ls"), dir);
        for (ProgramLibraries p : programs) {
            Map<String, String> listed = new LinkedHashMap<>();
            p.libraries().forEach(l -> listed.put(l.soname(), l.path()));
            LddOutput out = LddOutput.of(ldd, p.hostPath());
            assertEquals(out.libraries(), listed, p.name());
            assertEquals(out.loader(), p.loader().orElseThrow(), p.name());
        }
    }

    /** `ldd PROGRAM`: "soname => path (address)" lines, the vDSO left out, and the loader's own line. */
    private record LddOutput(Map<String, String> libraries, String loader) {
        private static final Pattern LIBRARY = Pattern.compile("\\s*(\\S+) => (/\\S+) \\(0x[0-9a-f]+\\)");
        private static final Pattern LOADER = Pattern.compile("\\s*(/\\S+) \\(0x[0-9a-f]+\\)");

        static LddOutput of(Path ldd, String program) throws Exception {
            Process p = new ProcessBuilder(ldd.toString(), program).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            Map<String, String> libraries = new LinkedHashMap<>();
            String loader = null;
            for (String line : out.split("\n")) {
                Matcher lib = LIBRARY.matcher(line);
                Matcher ld = LOADER.matcher(line);
                if (lib.matches()) {
                    libraries.put(lib.group(1), lib.group(2));
                } else if (ld.matches()) {
                    loader = ld.group(1);
                }
            }
            return new LddOutput(libraries, loader);
        }
    }

    @Test
    void aRootfsOfBashAloneHasNoLs(@TempDir Path dir) throws IOException {
        List<ProgramLibraries> programs = HostProgramsRootfs.build(List.of("bash"), dir);
        assertEquals(List.of("bash"), programs.stream().map(ProgramLibraries::name).toList());
        assertTrue(Files.isRegularFile(dir.resolve("usr/bin/bash")));
        assertFalse(Files.exists(dir.resolve("usr/bin/ls"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(dir.resolve("usr/bin/sh"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aStaticProgramListsNoLibrariesAndNoLoader(@TempDir Path dir) throws IOException {
        Path busybox = new ProgramLookup(ProgramLookup.HOST_SEARCH_PATH).find("busybox").orElse(null);
        assumeTrue(busybox != null && ElfFile.read(busybox).interpreter().isEmpty(),
                "no static busybox on PATH (Debian's busybox-static)");
        List<ProgramLibraries> programs = HostProgramsRootfs.build(List.of("busybox", "bash"), dir);
        ProgramLibraries p = only(programs, "busybox");
        assertTrue(p.isStatic(), p.toString());
        assertEquals(List.of(), p.libraries());
        assertTrue(p.loader().isEmpty());
        assertFalse(only(programs, "bash").isStatic(), "bash beside it keeps its own libraries");
        assertFalse(only(programs, "bash").libraries().isEmpty());
    }
}
