package org.nsexplorer.helper.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nsexplorer.helper.spec.Limits;

/**
 * cgroup v1: one hierarchy per controller (freezer, memory, cpu, cpuacct, pids); the
 * container gets a directory of the same name in each. The freezer holds no limit: it lets
 * the end of a container freeze every process before killing them, so that a fork bomb
 * without a PID namespace cannot outrun the kill (v1 has no cgroup.kill). It comes first, so
 * that whoever kills the members of the container's directories in order freezes them first.
 */
public final class CgroupV1Driver implements CgroupDriver {
    static final List<String> CONTROLLERS = List.of("freezer", "memory", "cpu", "cpuacct", "pids");
    private static final long CPU_PERIOD_US = 100_000;

    private final Map<String, Path> mounts;

    /** @param mounts controller name to the mount point of its hierarchy */
    public CgroupV1Driver(Map<String, Path> mounts) {
        this.mounts = Map.copyOf(mounts);
    }

    @Override
    public ContainerCgroup create(String name, Limits limits) throws IOException {
        requireController(limits.memoryBytes().isPresent(), "memory");
        requireController(limits.cpus().isPresent(), "cpu");
        requireController(limits.pids().isPresent(), "pids");
        List<Path> created = new ArrayList<>();
        try {
            for (Path root : hierarchyRoots()) {
                Path dir = root.resolve(name);
                Files.createDirectory(dir);
                created.add(dir);
            }
            writeLimits(name, limits);
            return new ContainerCgroup(name, created);
        } catch (IOException | RuntimeException e) {
            for (Path dir : created) {
                CgroupFiles.killAndRemove(dir);
            }
            throw e;
        }
    }

    private void requireController(boolean needed, String controller) throws IOException {
        if (needed && !mounts.containsKey(controller)) {
            throw new IOException("this host has no cgroup v1 " + controller + " controller mounted");
        }
    }

    private void writeLimits(String name, Limits limits) throws IOException {
        if (limits.memoryBytes().isPresent()) {
            Path dir = mounts.get("memory").resolve(name);
            String bytes = Long.toString(limits.memoryBytes().getAsLong());
            CgroupFiles.write(dir.resolve("memory.limit_in_bytes"), bytes);
            // With swap accounting, memory+swap must be capped too or the hog swaps instead of dying.
            Path memsw = dir.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(memsw)) {
                CgroupFiles.write(memsw, bytes);
            }
        }
        if (limits.cpus().isPresent()) {
            Path dir = mounts.get("cpu").resolve(name);
            CgroupFiles.write(dir.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_US));
            CgroupFiles.write(dir.resolve("cpu.cfs_quota_us"), Long.toString(quotaMicros(limits.cpus().getAsDouble())));
        }
        if (limits.pids().isPresent()) {
            CgroupFiles.write(mounts.get("pids").resolve(name).resolve("pids.max"),
                    Long.toString(limits.pids().getAsLong()));
        }
    }

    static long quotaMicros(double cpus) {
        return Math.max(1000, Math.round(cpus * CPU_PERIOD_US));
    }

    @Override
    public List<Path> hierarchyRoots() {
        Set<Path> roots = new LinkedHashSet<>();
        for (String controller : CONTROLLERS) {
            Path root = mounts.get(controller);
            if (root != null) {
                roots.add(root); // cpu and cpuacct often share one hierarchy
            }
        }
        return List.copyOf(roots);
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public Set<String> limitable() {
        Set<String> limits = new LinkedHashSet<>(List.of("memory", "cpu", "pids"));
        limits.retainAll(mounts.keySet());
        return Set.copyOf(limits);
    }
}
