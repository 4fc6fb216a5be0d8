package org.nsexplorer.helper.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's podman, as root, with runc and cgroupfs (the hybrid cgroups here; crun refuses
 * them), its storage in a temporary directory of its own, and no network (netavark's
 * configuration in /etc/containers/networks is the host's, not its own). No daemon: each command is a
 * process. Closing removes its containers, images and storage, and what podman makes on the
 * host the first time (its runtime and cache directories, the libpod_parent cgroups) when it
 * was not there before; {@link #leftOnHost()} says what is still there.
 */
public final class PodmanEngine implements AutoCloseable {
    public static final Path PODMAN = Path.of("/usr/bin/podman");
    /** Made by podman's first container on a host, and by nothing else here. */
    private static final List<Path> FIRST_USE = List.of(Path.of("/run/containers"), Path.of("/var/lib/containers"),
            Path.of("/etc/containers/networks"), Path.of("/run/libpod"));
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    private final Path dir;
    private final List<Path> absentBefore;
    private final boolean cgroupsBefore;

    private PodmanEngine(Path dir) throws IOException {
        this.dir = dir;
        this.absentBefore = FIRST_USE.stream().filter(p -> !Files.exists(p)).toList();
        this.cgroupsBefore = !parentCgroups().isEmpty();
    }

    public static boolean installed() {
        return Files.isExecutable(PODMAN) && Files.isExecutable(Path.of("/usr/sbin/runc"));
    }

    public static PodmanEngine start() throws IOException {
        return new PodmanEngine(Files.createTempDirectory("nsx-test-podman-"));
    }

    /** `podman ARGS` on this engine's storage; its output, or a failure with what it said. */
    public String client(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(PODMAN.toString(), "--root", dir.resolve("root").toString(),
                "--runroot", dir.resolve("run").toString(), "--tmpdir", dir.resolve("tmp").toString(), "--runtime",
                "runc", "--cgroup-manager", "cgroupfs", "--events-backend", "file"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = ProcessOutput.of(p, 60);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + ": " + out);
        }
        return out;
    }

    /** Makes image NAME of ROOTFS, as `tar -C ROOTFS -c . > T; podman import T NAME` (no registry needed). */
    public void importRootfs(Path rootfs, String name) throws IOException, InterruptedException {
        Path tar = dir.resolve("rootfs.tar");
        Process p = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
                .redirectErrorStream(true).start();
        String said = ProcessOutput.of(p, 60);
        if (p.exitValue() != 0) {
            throw new IOException("tar of " + rootfs + ": " + said);
        }
        client("import", tar.toString(), name);
    }

    /**
     * Runs COMMAND detached in IMAGE as container NAME with HOSTNAME and no network (no
     * netavark set-up on the host) and returns its id. The open-files and process limits are
     * set lower than podman's defaults, which this machine refuses to raise (EPERM).
     */
    public String run(String name, String hostname, String image, String... command)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--hostname", hostname, "--network",
                "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", image));
        args.addAll(List.of(command));
        return client(args.toArray(String[]::new)).strip();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            client("rm", "--force", "--all");
            client("rmi", "--all", "--force");
            // Not `system reset`: it also removes every network in /etc/containers/networks, a developer's too.
            unmountStorage();
        } finally {
            deleteTree(dir);
            for (Path made : absentBefore) {
                deleteTree(made);
            }
            if (!cgroupsBefore) {
                for (Path parent : parentCgroups()) {
                    try (Stream<Path> groups = Files.walk(parent)) {
                        for (Path group : groups.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(group); // rmdir: an empty cgroup goes
                        }
                    }
                }
            }
        }
    }

    /** The mounts podman keeps below its storage (the overlay directory bound onto itself), deepest first. */
    private void unmountStorage() throws IOException, InterruptedException {
        List<String> points = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String point = line.split(" ")[4];
            if (point.startsWith(dir.toString())) {
                points.add(point);
            }
        }
        points.sort(Comparator.comparing(String::length).reversed());
        for (String point : points) {
            Process p = new ProcessBuilder("umount", point).redirectErrorStream(true).start();
            String said = ProcessOutput.of(p, 30);
            if (p.exitValue() != 0) {
                throw new IOException("umount " + point + ": " + said);
            }
        }
    }

    /** What closing did not remove: its storage, podman's first-use directories, its cgroups. */
    public List<String> leftOnHost() throws IOException {
        List<String> left = new ArrayList<>();
        if (Files.exists(dir)) {
            left.add("storage " + dir);
        }
        absentBefore.stream().filter(Files::exists).forEach(p -> left.add("directory " + p));
        if (!cgroupsBefore) {
            parentCgroups().forEach(p -> left.add("cgroup " + p));
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.contains(dir.toString())) {
                left.add("mount " + line);
            }
        }
        return left;
    }

    /** podman's libpod_parent cgroup in each v1 hierarchy that has one, or at the v2 root. */
    private static List<Path> parentCgroups() throws IOException {
        try (Stream<Path> hierarchies = Files.list(CGROUPS)) {
            return Stream.concat(Stream.of(CGROUPS), hierarchies).map(h -> h.resolve("libpod_parent"))
                    .filter(Files::isDirectory).toList();
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
