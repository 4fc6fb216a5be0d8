package org.nsexplorer.helper.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A process's cgroup and, where the controllers exist, its usage against its limits.
 * Null means "not available here" (no such controller) or, for limits, "unlimited".
 */
public record CgroupUsage(String path, Memory memory, Cpu cpu, Pids pids) {
    /** v1 reports "unlimited" as a huge number near 2^63. */
    private static final long V1_UNLIMITED = 1L << 62;

    public record Memory(Long currentBytes, Long peakBytes, Long limitBytes, Long oomKills) {
    }

    public record Cpu(Long usageNanos, Long quotaMicros, Long periodMicros) {
    }

    public record Pids(Long current, Long limit) {
    }

    /**
     * @param procCgroup the text of /proc/PID/cgroup
     * @param v1Mounts   v1 controller name to its hierarchy's mount point (empty on a pure v2 host)
     * @param v2Root     the unified tree's mount point, or null
     */
    public static CgroupUsage read(String procCgroup, Map<String, Path> v1Mounts, Path v2Root) {
        Map<String, String> v1Paths = new HashMap<>();
        String v2Path = null;
        for (String line : procCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                v2Path = f[2];
            }
            for (String controller : f[1].split(",")) {
                if (!controller.isEmpty()) {
                    v1Paths.put(controller, f[2]);
                }
            }
        }
        if (!v1Mounts.isEmpty()) {
            Path memory = dir(v1Mounts, v1Paths, "memory");
            Path cpu = dir(v1Mounts, v1Paths, "cpu");
            Path cpuacct = dir(v1Mounts, v1Paths, "cpuacct");
            Path pids = dir(v1Mounts, v1Paths, "pids");
            return new CgroupUsage(v1Paths.getOrDefault("memory", v1Paths.getOrDefault("pids", v2Path)),
                    memory == null ? null : new Memory(number(memory, "memory.usage_in_bytes"),
                            number(memory, "memory.max_usage_in_bytes"), limit(number(memory, "memory.limit_in_bytes")),
                            keyed(memory, "memory.oom_control", "oom_kill")),
                    cpu == null ? null : new Cpu(cpuacct == null ? null : number(cpuacct, "cpuacct.usage"),
                            positive(number(cpu, "cpu.cfs_quota_us")), number(cpu, "cpu.cfs_period_us")),
                    pids == null ? null : new Pids(number(pids, "pids.current"), number(pids, "pids.max")));
        }
        if (v2Root == null || v2Path == null) {
            return new CgroupUsage(v2Path, null, null, null);
        }
        Path dir = v2Root.resolve(v2Path.substring(1));
        Long[] cpuMax = cpuMax(dir);
        Long usageMicros = keyed(dir, "cpu.stat", "usage_usec");
        return new CgroupUsage(v2Path,
                Files.exists(dir.resolve("memory.current")) ? new Memory(number(dir, "memory.current"),
                        number(dir, "memory.peak"), number(dir, "memory.max"), keyed(dir, "memory.events", "oom_kill"))
                        : null,
                new Cpu(usageMicros == null ? null : usageMicros * 1000, cpuMax[0], cpuMax[1]),
                Files.exists(dir.resolve("pids.current")) ? new Pids(number(dir, "pids.current"),
                        number(dir, "pids.max")) : null);
    }

    private static Path dir(Map<String, Path> mounts, Map<String, String> paths, String controller) {
        Path mount = mounts.get(controller);
        String path = paths.get(controller);
        return mount == null || path == null ? null : mount.resolve(path.substring(1));
    }

    /** A file holding one number ("max" and absent files give null). */
    static Long number(Path dir, String file) {
        try {
            String text = Files.readString(dir.resolve(file)).trim();
            return text.equals("max") ? null : Long.valueOf(text);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** The value of KEY in a "key value" file (memory.events, cpu.stat, memory.oom_control). */
    static Long keyed(Path dir, String file, String key) {
        try {
            for (String line : Files.readAllLines(dir.resolve(file))) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2 && f[0].equals(key)) {
                    return Long.valueOf(f[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not available here
        }
        return null;
    }

    private static Long[] cpuMax(Path dir) {
        try {
            List<String> f = List.of(Files.readString(dir.resolve("cpu.max")).trim().split("\\s+"));
            return new Long[] {f.get(0).equals("max") ? null : Long.valueOf(f.get(0)), Long.valueOf(f.get(1))};
        } catch (IOException | RuntimeException e) {
            return new Long[] {null, null};
        }
    }

    private static Long limit(Long value) {
        return value == null || value >= V1_UNLIMITED ? null : value;
    }

    private static Long positive(Long value) {
        return value == null || value < 0 ? null : value;
    }
}
