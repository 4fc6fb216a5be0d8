package org.nsexplorer.helper.spec;

import static org.nsexplorer.helper.spec.SpecParsers.printable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nsexplorer.helper.elf.ElfMachine;
import org.nsexplorer.helper.elf.ExecutableFormat;
import org.nsexplorer.helper.words.Word;

/**
 * What a launch needs from a root filesystem, read from the tree before anything runs: a
 * directory that is no system directory, mount points that are directories, and a command
 * that exists there, is executable, is for this CPU and has its interpreter.
 */
public final class RootfsInspection {
    /** The container's PATH, also used to find a command given without a slash. */
    public static final String CONTAINER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** Never a rootfs: these directories themselves. */
    private static final Set<String> SYSTEM_DIRS = Set.of("/", "/home", "/mnt", "/media", "/opt", "/root", "/run",
            "/srv", "/tmp", "/var", "/var/lib", "/var/tmp", "/var/log");
    /** Never a rootfs: these and anything below them (container root could write the host's own files). */
    private static final List<String> SYSTEM_TREES = List.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32",
            "/lib64", "/libx32", "/proc", "/sbin", "/sys", "/usr");

    private RootfsInspection() {
    }

    public static Path checkRootfs(Path given) throws InvalidRequestException {
        Path abs = given.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new InvalidRequestException("rootfs", Word.RECIPE_ROOTFS_MISSING, abs);
        }
        if (!Files.isDirectory(abs)) {
            throw new InvalidRequestException("rootfs", Word.RECIPE_ROOTFS_NOT_A_DIRECTORY, abs);
        }
        Path real;
        try {
            real = abs.toRealPath();
        } catch (IOException e) {
            throw new InvalidRequestException("rootfs", Word.RECIPE_ROOTFS_UNREADABLE, abs, e.getMessage());
        }
        String text = real.toString();
        boolean system = SYSTEM_DIRS.contains(text)
                || SYSTEM_TREES.stream().anyMatch(t -> text.equals(t) || text.startsWith(t + "/"));
        if (system) {
            throw new InvalidRequestException("rootfs", text.equals("/") ? Word.RECIPE_ROOTFS_HOST_ROOT
                    : Word.RECIPE_ROOTFS_SYSTEM_DIRECTORY, real);
        }
        return real;
    }

    /** A symlink at a mount point would carry the mount outside the rootfs. */
    static void checkMountPoints(List<Path> tree, Set<MountKind> mounts) throws InvalidRequestException {
        for (MountKind kind : mounts) {
            Path rootfs = tree.stream().filter(dir -> Files.exists(dir.resolve(kind.mountPoint()),
                    LinkOption.NOFOLLOW_LINKS)).findFirst().orElse(tree.get(tree.size() - 1));
            Path point = rootfs.resolve(kind.mountPoint());
            if (Files.isSymbolicLink(point)) {
                String target;
                try {
                    target = Files.readSymbolicLink(point).toString();
                } catch (IOException e) {
                    target = "?";
                }
                boolean leadsOut = target.startsWith("/") || target.equals("..") || target.startsWith("../");
                throw new InvalidRequestException("mounts", leadsOut ? Word.RECIPE_MOUNT_POINT_LINK_LEADS_OUT
                        : Word.RECIPE_MOUNT_POINT_LINK, kind.mountPoint(), target, kind.cliName());
            }
            if (Files.exists(point, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(point, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidRequestException("mounts", Word.RECIPE_MOUNT_POINT_NOT_A_DIRECTORY, kind.mountPoint(),
                        kind.cliName());
            }
        }
    }

    /** The command in the topmost layer that has it (deleted files in upper layers are not seen here). */
    static String resolveCommand(List<Path> tree, String command) throws InvalidRequestException {
        InvalidRequestException missing = null;
        for (Path dir : tree) {
            try {
                return resolveCommand(dir, command);
            } catch (InvalidRequestException e) {
                if (missing == null || missing.sentence().word() != Word.RECIPE_COMMAND_NOT_EXECUTABLE) {
                    missing = e;
                }
            }
        }
        throw missing;
    }

    private static String resolveCommand(Path rootfs, String command) throws InvalidRequestException {
        List<String> candidates = new ArrayList<>();
        if (command.contains("/")) {
            candidates.add(command.startsWith("/") ? command : "/" + command);
        } else {
            for (String dir : CONTAINER_PATH.split(":")) {
                candidates.add(dir + "/" + command);
            }
        }
        for (String candidate : candidates) {
            try {
                Optional<Path> host = RootfsPaths.resolve(rootfs, candidate);
                if (host.isPresent() && Files.isRegularFile(host.get(), LinkOption.NOFOLLOW_LINKS)) {
                    if (!Files.isExecutable(host.get())) {
                        throw new InvalidRequestException("command", Word.RECIPE_COMMAND_NOT_EXECUTABLE, candidate,
                                rootfs);
                    }
                    checkFormat(rootfs, candidate, host.get());
                    return candidate;
                }
            } catch (IOException e) {
                // unreadable: try the next candidate, then report the command as missing
            }
        }
        if (command.contains("/")) {
            throw new InvalidRequestException("command", Word.RECIPE_COMMAND_NOT_IN_ROOTFS, printable(command), rootfs);
        }
        throw new InvalidRequestException("command", Word.RECIPE_COMMAND_NOT_ON_PATH, printable(command), rootfs,
                CONTAINER_PATH);
    }

    /** A binary for another CPU, or a script whose interpreter is missing, would fail at execve. */
    private static void checkFormat(Path rootfs, String candidate, Path file)
            throws IOException, InvalidRequestException {
        ExecutableFormat format = ExecutableFormat.read(file);
        Optional<ElfMachine> host = ElfMachine.host();
        if (format.elfMachine().isPresent() && host.isPresent() && format.elfMachine().get() != host.get().code()) {
            throw new InvalidRequestException("command", Word.RECIPE_COMMAND_OTHER_MACHINE, candidate, rootfs,
                    ElfMachine.nameOf(format.elfMachine().get()), ElfMachine.nameOf(host.get().code()));
        }
        if (format.interpreter().isPresent()) {
            String interpreter = format.interpreter().get();
            Optional<Path> found = interpreter.startsWith("/") ? RootfsPaths.resolve(rootfs, interpreter)
                    : Optional.empty();
            if (found.isEmpty() || !Files.isRegularFile(found.get())) {
                throw new InvalidRequestException("command", Word.RECIPE_COMMAND_NO_INTERPRETER, candidate, rootfs,
                        printable(interpreter));
            }
        }
    }
}
