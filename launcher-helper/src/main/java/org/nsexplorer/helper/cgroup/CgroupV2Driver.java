package org.nsexplorer.helper.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.nsexplorer.helper.spec.Limits;

/** cgroup v2: one unified tree; controllers must be enabled in the parent's subtree_control. */
public final class CgroupV2Driver implements CgroupDriver {
    private static final long CPU_PERIOD_US = 100_000;
    private final Path root;

    /** @param root the directory the container cgroups are created in (/sys/fs/cgroup on a v2 host) */
    public CgroupV2Driver(Path root) {
        this.root = root;
    }

    @Override
    public ContainerCgroup create(String name, Limits limits) throws IOException {
        enableControllers(limits);
        Path dir = root.resolve(name);
        Files.createDirectory(dir);
        try {
            if (limits.memoryBytes().isPresent()) {
                CgroupFiles.write(dir.resolve("memory.max"), Long.toString(limits.memoryBytes().getAsLong()));
                // No swap either, so that a hog meets the OOM killer instead of the swap device.
                Path swap = dir.resolve("memory.swap.max");
                if (Files.exists(swap)) {
                    CgroupFiles.write(swap, "0");
                }
            }
            if (limits.cpus().isPresent()) {
                CgroupFiles.write(dir.resolve("cpu.max"),
                        CgroupV1Driver.quotaMicros(limits.cpus().getAsDouble()) + " " + CPU_PERIOD_US);
            }
            if (limits.pids().isPresent()) {
                CgroupFiles.write(dir.resolve("pids.max"), Long.toString(limits.pids().getAsLong()));
            }
            return new ContainerCgroup(name, List.of(dir));
        } catch (IOException | RuntimeException e) {
            CgroupFiles.killAndRemove(dir);
            throw e;
        }
    }

    /** Turns on, in the parent, each controller the limits need, in one write. */
    private void enableControllers(Limits limits) throws IOException {
        Set<String> available = words(root.resolve("cgroup.controllers"));
        Set<String> enabled = words(root.resolve("cgroup.subtree_control"));
        List<String> missing = new ArrayList<>();
        if (limits.memoryBytes().isPresent()) {
            missing.add("memory");
        }
        if (limits.cpus().isPresent()) {
            missing.add("cpu");
        }
        if (limits.pids().isPresent()) {
            missing.add("pids");
        }
        missing.removeAll(enabled);
        for (String controller : missing) {
            if (!available.contains(controller)) {
                throw new IOException("the cgroup v2 tree at " + root + " has no " + controller + " controller;"
                        + " this limit cannot be applied here");
            }
        }
        if (!missing.isEmpty()) {
            CgroupFiles.write(root.resolve("cgroup.subtree_control"),
                    missing.stream().map(c -> "+" + c).collect(Collectors.joining(" ")));
        }
    }

    private static Set<String> words(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Set.of();
        }
        return Arrays.stream(Files.readString(file).trim().split("\\s+"))
                .filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }

    @Override
    public List<Path> hierarchyRoots() {
        return List.of(root);
    }

    @Override
    public String version() {
        return "v2";
    }

    @Override
    public Set<String> limitable() {
        try {
            Set<String> limits = new HashSet<>(words(root.resolve("cgroup.controllers")));
            limits.retainAll(Set.of("memory", "cpu", "pids"));
            return Set.copyOf(limits);
        } catch (IOException e) {
            return Set.of();
        }
    }
}
