package org.nsexplorer.helper.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.nsexplorer.helper.archive.ArchiveExport;
import org.nsexplorer.helper.archive.ArchiveFormat;
import org.nsexplorer.helper.archive.ArchiveImport;
import org.nsexplorer.helper.rootfs.BusyboxRootfs;
import org.nsexplorer.helper.rootfs.Debootstrap;
import org.nsexplorer.helper.rootfs.HostProgramsRootfs;
import org.nsexplorer.helper.rootfs.ProgramLibraries;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * Makes, lists, packs and removes stored root filesystems. Each new one is made in a hidden
 * work directory and renamed into place when complete: a failed or cancelled build leaves
 * nothing, and a half-made rootfs is never offered.
 */
public final class RootfsManager {
    private final Store rootfs;
    private final Store layers;
    private final ProgramRecords programRecords;
    private final UserFiles userFiles;
    private final TreeUsage usage;

    public RootfsManager(Path stateDir, UserFiles userFiles) {
        this(stateDir, userFiles, TreeUsage.commandLine());
    }

    public RootfsManager(Path stateDir, UserFiles userFiles, TreeUsage usage) {
        this.rootfs = Store.rootfs(stateDir);
        this.layers = Store.layers(stateDir);
        this.programRecords = new ProgramRecords(stateDir);
        this.userFiles = userFiles;
        this.usage = usage;
        rootfs.removeAbandonedWorkDirs();
    }

    public Store rootfs() {
        return rootfs;
    }

    public Store layers() {
        return layers;
    }

    /** What `ldd` listed for the programs of each rootfs built from host programs. */
    public ProgramRecords programRecords() {
        return programRecords;
    }

    /** How a new rootfs is filled: into an empty directory, with a line for the teacher when done. */
    private interface Filler {
        Filled fill(Path dir) throws IOException, InvalidRequestException;
    }

    /** A filled rootfs: the teacher's line, and what its programs need if it was built from host programs. */
    private record Filled(String summary, List<ProgramLibraries> programs) {
        static Filled summary(String summary) {
            return new Filled(summary, List.of());
        }
    }

    /** The result of making a rootfs: where it is and what was done. */
    public record Made(String name, Path path, String summary) {
    }

    public Made importArchive(Path archive, String name, Progress progress) throws IOException, InvalidRequestException {
        long size = userFiles.checkReadable("file", archive);
        return make(name, dir -> {
            try (InputStream in = userFiles.open(archive)) {
                return Filled.summary("imported " + archive.getFileName() + ": " + ArchiveImport.unpack(in, size,
                        dir, FreeSpace.of(rootfs.dir()), progress).summary());
            }
        });
    }

    public Made fromHostPrograms(String name, List<String> programs) throws IOException, InvalidRequestException {
        if (programs.isEmpty()) {
            throw new InvalidRequestException("programs", Word.ROOTFS_BUILD_NO_PROGRAM);
        }
        for (String program : programs) {
            if (!HostProgramsRootfs.isProgramName(program)) {
                throw new InvalidRequestException("programs", Word.ROOTFS_BUILD_NOT_A_PROGRAM,
                        program.replaceAll("\\p{Cntrl}", "?"));
            }
        }
        return make(name, dir -> new Filled("assembled from " + String.join(", ", programs) + " and their libraries",
                HostProgramsRootfs.build(programs, dir)));
    }

    public Made busybox(String name) throws IOException, InvalidRequestException {
        return make(name, dir -> Filled.summary("busybox with " + BusyboxRootfs.build(dir) + " applet links"));
    }

    public Made debootstrap(String name, String suite, String mirror, Progress progress)
            throws IOException, InvalidRequestException {
        Debootstrap.checkSuite(suite);
        Debootstrap.checkMirror(mirror);
        return make(name, dir -> {
            Debootstrap.run(suite, mirror, dir, progress);
            return Filled.summary("debootstrap --variant=minbase " + suite + " from " + mirror);
        });
    }

    /** Packs the stored rootfs or layer NAME into FILE (format by its name). Returns the entries written. */
    public long export(String name, Path file, Progress progress) throws IOException, InvalidRequestException {
        StoreNames.check("name", name);
        Path tree = rootfs.find(name).or(() -> layers.find(name)).orElseThrow(() -> new InvalidRequestException(
                "name", Word.ROOTFS_NO_SUCH_TREE, name));
        ArchiveFormat format = ArchiveFormat.forName(file.getFileName().toString());
        try (AutoCloseable held = usage.hold(tree, name, TreeUsage.Use.PACK)) {
            return pack(tree, format, file.toAbsolutePath().normalize(), progress);
        } catch (IOException | InvalidRequestException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private long pack(Path tree, ArchiveFormat format, Path abs, Progress progress)
            throws IOException, InvalidRequestException {
        boolean done = false;
        OutputStream out = userFiles.create("file", abs);
        try {
            long entries;
            try (out) {
                entries = ArchiveExport.pack(tree, format, out, progress);
            }
            done = true;
            return entries;
        } finally {
            if (!done) {
                userFiles.removeCreated(abs); // no half-written archive
            }
        }
    }

    public void remove(String name) throws IOException, InvalidRequestException {
        StoreNames.check("name", name);
        if (name.equals("default")) {
            throw new InvalidRequestException("name", Word.ROOTFS_REMOVE_BUILT_IN);
        }
        Path path = rootfs.find(name).or(() -> layers.find(name)).orElseThrow(() -> new InvalidRequestException(
                "name", Word.ROOTFS_NO_SUCH_TREE, name));
        try (AutoCloseable held = usage.hold(path, name, TreeUsage.Use.REMOVE)) {
            TreeRemoval.remove(path);
            programRecords.remove(name); // after the tree: a record never outlives it unnoticed (see make)
        } catch (IOException | InvalidRequestException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private Made make(String name, Filler filler) throws IOException, InvalidRequestException {
        StoreNames.check("name", name);
        if (rootfs.find(name).isPresent() || Files.exists(rootfs.dir().resolve(name), LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidRequestException("name", Word.ROOTFS_EXISTS, name);
        }
        Path work = rootfs.newWorkDir(name);
        Path target = rootfs.pathFor(name);
        boolean moved = false;
        try {
            Files.setAttribute(work, "unix:mode", 0755); // becomes the container's /
            Filled filled = filler.fill(work);
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            // Only once the tree is ours (a helper that lost a race for the name touches no record), and
            // replacing any record an earlier tree of this name left (a crash in the middle of remove).
            if (filled.programs().isEmpty()) {
                programRecords.remove(name);
            } else {
                programRecords.write(name, filled.programs());
            }
            return new Made(name, target, filled.summary());
        } catch (Throwable e) { // an Error too (say OutOfMemoryError): nothing half-made is kept
            try {
                TreeRemoval.remove(moved ? target : work); // moved: its record could not be written
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
