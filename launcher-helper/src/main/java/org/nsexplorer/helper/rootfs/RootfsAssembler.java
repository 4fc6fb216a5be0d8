package org.nsexplorer.helper.rootfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * Writes a {@link RootfsPlan} into an empty directory, laid out like Debian 12 with merged
 * /usr: real usr/bin and usr/lib, and bin, sbin, lib, lib64 as symlinks into usr.
 */
final class RootfsAssembler {

    /** Where libraries found outside the default directories go; ld.so.cache leads the loader there. */
    private static final Path EXTRA_LIB_DIR = Path.of("usr/local/lib");
    /** The project's own programs: local ones, apart from the host's copies in usr/bin. */
    private static final Path LESSON_DIR = Path.of("usr/local/bin");

    /** Where the programs go; bin and sbin are symlinks to it. */
    static final Path PROGRAM_DIR = Path.of("usr/bin");

    private static final int DIR = 0755, EXECUTABLE = 0755, DATA = 0644;

    private final Path root;

    RootfsAssembler(Path emptyDir) {
        this.root = emptyDir;
    }

    void assemble(RootfsPlan plan) throws IOException {
        Files.setAttribute(root, "unix:mode", DIR);
        for (String dir : List.of("usr/bin", "usr/lib", "etc", "proc", "sys", "dev", "run")) {
            mkdirs(Path.of(dir));
        }
        Files.setAttribute(mkdirs(Path.of("tmp")), "unix:mode", 01777);
        Files.setAttribute(mkdirs(Path.of("root")), "unix:mode", 0700);
        for (String link : List.of("bin", "sbin")) {
            Files.createSymbolicLink(root.resolve(link), Path.of("usr/bin"));
        }
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));

        for (Map.Entry<String, Path> p : plan.programs().entrySet()) {
            copy(p.getValue(), PROGRAM_DIR.resolve(p.getKey()), EXECUTABLE);
        }
        for (Map.Entry<String, Path> p : plan.lessonPrograms().entrySet()) {
            // Root's and 0755 like the rest (a copy keeps no setuid bit): what the lesson shows
            // comes from root in the container, not from the file.
            copy(p.getValue(), LESSON_DIR.resolve(p.getKey()), EXECUTABLE);
        }
        for (Path interpreter : plan.interpreters()) {
            copy(interpreter, inside(interpreter), EXECUTABLE);
        }
        Set<Path> libDirs = new LinkedHashSet<>();
        for (LibraryResolver.Library lib : plan.libraries()) {
            // RPATH, RUNPATH ($ORIGIN moved with the program) and ld.so.conf do not lead there inside the rootfs.
            Path dir = lib.inDefaultDir() ? inside(lib.path().getParent()) : EXTRA_LIB_DIR;
            libDirs.add(dir);
            copy(lib.path(), dir.resolve(lib.soname()), DATA);
        }
        if (Files.isDirectory(root.resolve("usr/lib64"))) {
            Files.createSymbolicLink(root.resolve("lib64"), Path.of("usr/lib64"));
        }
        for (Map.Entry<Path, Path> t : plan.terminfo().entrySet()) {
            copy(t.getValue(), Path.of("usr/share/terminfo").resolve(t.getKey()), DATA);
        }
        for (Map.Entry<String, String> f : EtcFiles.CONTENT.entrySet()) {
            write(Path.of(f.getKey()), f.getValue());
        }
        // A multiarch glibc (Debian's) searches these without ld.so.cache: then none is made.
        if (!Set.of(Path.of("usr/lib", plan.machine().multiarchTriplet()), Path.of("usr/lib")).containsAll(libDirs)) {
            StringBuilder conf = new StringBuilder();
            libDirs.forEach(d -> conf.append('/').append(d).append('\n'));
            write(Path.of("etc/ld.so.conf"), conf.toString());
            runLdconfig(plan.ldconfig().orElseThrow(() -> new WordedIOException(Word.ROOTFS_BUILD_NO_LDCONFIG,
                    libDirs)));
        }
    }

    /**
     * The path at which a program inside the rootfs finds LIB. A library from a default directory
     * keeps its host path (lib and lib64 lead into usr), so it reads as `ldd` on the host prints it.
     */
    static String pathInside(LibraryResolver.Library lib) {
        return lib.inDefaultDir() ? lib.path().toString() : "/" + EXTRA_LIB_DIR.resolve(lib.soname());
    }

    /**
     * Where a host path lands in the merged-/usr rootfs: /lib and /lib64 are symlinks there, so
     * writing through them is avoided and nothing can replace the symlinks themselves.
     */
    private static Path inside(Path hostAbsolute) throws IOException {
        Path rel = hostAbsolute.isAbsolute() ? Path.of("/").relativize(hostAbsolute.normalize()) : Path.of("");
        if (rel.toString().isEmpty() || rel.startsWith("..")) {
            throw new IOException("cannot place " + hostAbsolute + " inside the rootfs");
        }
        String top = rel.getName(0).toString();
        return top.equals("lib") || top.equals("lib64") ? Path.of("usr").resolve(rel) : rel;
    }

    /** Copies the content (following host symlinks); never overwrites, so two sources cannot collide silently. */
    private void copy(Path hostFile, Path rel, int mode) throws IOException {
        mkdirs(rel.getParent());
        Path target = root.resolve(rel);
        Files.copy(hostFile, target);
        Files.setAttribute(target, "unix:mode", mode);
    }

    private void write(Path rel, String content) throws IOException {
        Path target = root.resolve(rel);
        Files.writeString(target, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        Files.setAttribute(target, "unix:mode", DATA);
    }

    /** Creates each missing directory with mode 0755 whatever the umask, so a container user can read it. */
    private Path mkdirs(Path rel) throws IOException {
        Path dir = root;
        for (Path name : rel) {
            dir = dir.resolve(name);
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir);
                Files.setAttribute(dir, "unix:mode", DIR);
            }
        }
        return dir;
    }

    private void runLdconfig(Path ldconfig) throws IOException {
        // -r: work inside the rootfs (reads its etc/ld.so.conf, writes its etc/ld.so.cache); -X: add no symlinks.
        Process p = new ProcessBuilder(ldconfig.toString(), "-X", "-r", root.toString())
                .redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new WordedIOException(Word.ROOTFS_BUILD_LDCONFIG_FAILED, root, p.exitValue(), out.trim());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running ldconfig", e);
        }
    }
}
