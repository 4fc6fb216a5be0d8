package org.nsexplorer.helper.store;

import java.io.IOException;
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
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * Makes, lists, packs and removes stored root filesystems. Each new one is made in a hidden
 * work directory and renamed into place when complete: a failed or cancelled build leaves
 * nothing, and a half-made rootfs is never offered.
 */
public final class RootfsManager {
    private final Store rootfs;
    private final Store layers;
    private final UserFiles userFiles;
    private final TreeUsage usage;

    public RootfsManager(Path stateDir, UserFiles userFiles) {
        this(stateDir, userFiles, TreeUsage.commandLine());
    }

    public RootfsManager(Path stateDir, UserFiles userFiles, TreeUsage usage) {
        this.rootfs = Store.rootfs(stateDir);
        this.layers = Store.layers(stateDir);
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

    /** How a new rootfs is filled: into an empty directory, with a line for the teacher when done. */
    private interface Filler {
        String fill(Path dir) throws IOException, InvalidRequestException;
    }

    /** The result of making a rootfs: where it is and what was done. */
    public record Made(String name, Path path, String summary) {
    }

    public Made importArchive(Path archive, String name, Progress progress) throws IOException, InvalidRequestException {
        long size = userFiles.checkReadable("file", archive);
        return make(name, dir -> {
            try (java.io.InputStream in = userFiles.open(archive)) {
                return "imported " + archive.getFileName() + ": " + ArchiveImport.unpack(in, size, dir,
                        FreeSpace.of(rootfs.dir()), progress).summary();
            }
        });
    }

    public Made fromHostPrograms(String name, List<String> programs) throws IOException, InvalidRequestException {
        if (programs.isEmpty()) {
            throw new InvalidRequestException("programs", "name at least one host program, such as sh ls ps");
        }
        for (String program : programs) {
            if (!HostProgramsRootfs.isProgramName(program)) {
                throw new InvalidRequestException("programs", "'" + program.replaceAll("\\p{Cntrl}", "?") + "' is"
                        + " not a program name: give names as found on the host's PATH, such as sh or ip");
            }
        }
        return make(name, dir -> {
            HostProgramsRootfs.build(programs, dir);
            return "assembled from " + String.join(", ", programs) + " and their libraries";
        });
    }

    public Made busybox(String name) throws IOException, InvalidRequestException {
        return make(name, dir -> "busybox with " + BusyboxRootfs.build(dir) + " applet links");
    }

    public Made debootstrap(String name, String suite, String mirror, Progress progress)
            throws IOException, InvalidRequestException {
        Debootstrap.checkSuite(suite);
        Debootstrap.checkMirror(mirror);
        return make(name, dir -> {
            Debootstrap.run(suite, mirror, dir, progress);
            return "debootstrap --variant=minbase " + suite + " from " + mirror;
        });
    }

    /** Packs the stored rootfs or layer NAME into FILE (format by its name). Returns the entries written. */
    public long export(String name, Path file, Progress progress) throws IOException, InvalidRequestException {
        StoreNames.check("name", name);
        Path tree = rootfs.find(name).or(() -> layers.find(name)).orElseThrow(() -> new InvalidRequestException(
                "name", "there is no rootfs or layer named " + name));
        ArchiveFormat format = ArchiveFormat.forName(file.getFileName().toString());
        try (AutoCloseable held = usage.hold(tree, name, "pack")) {
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
            throw new InvalidRequestException("name", "the built-in rootfs cannot be removed (it is rebuilt on"
                    + " demand)");
        }
        Path path = rootfs.find(name).or(() -> layers.find(name)).orElseThrow(() -> new InvalidRequestException(
                "name", "there is no rootfs or layer named " + name));
        try (AutoCloseable held = usage.hold(path, name, "remove")) {
            TreeRemoval.remove(path);
        } catch (IOException | InvalidRequestException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private Made make(String name, Filler filler) throws IOException, InvalidRequestException {
        StoreNames.check("name", name);
        if (rootfs.find(name).isPresent() || Files.exists(rootfs.dir().resolve(name), LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidRequestException("name", "a rootfs named " + name + " exists already; choose another"
                    + " name or remove it first");
        }
        Path work = rootfs.newWorkDir(name);
        try {
            Files.setAttribute(work, "unix:mode", 0755); // becomes the container's /
            String summary = filler.fill(work);
            Path target = rootfs.pathFor(name);
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            return new Made(name, target, summary);
        } catch (Throwable e) { // an Error too (say OutOfMemoryError): nothing half-made is kept
            try {
                TreeRemoval.remove(work);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
