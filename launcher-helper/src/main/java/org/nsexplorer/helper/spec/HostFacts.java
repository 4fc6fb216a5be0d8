package org.nsexplorer.helper.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/** Facts about the host that validation needs: its RAM, its CPUs, who started the app. */
public record HostFacts(long memoryBytes, int cpus, OptionalInt invokingUid, OptionalInt invokingGid) {

    /** Reads the running host. */
    public static HostFacts current() {
        return new HostFacts(memTotal(), Runtime.getRuntime().availableProcessors(),
                invokingUid(System.getenv()), envInt(System.getenv(), "SUDO_GID"));
    }

    /** The caller named by an environment as pkexec or sudo leave it; empty: root ran it directly. */
    public static OptionalInt invokingUid(Map<String, String> env) {
        return envInt(env, "PKEXEC_UID", "SUDO_UID");
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: no upper bound is better than refusing every limit
        }
        return Long.MAX_VALUE;
    }

    static OptionalInt envInt(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && value.matches("\\d{1,10}")) {
                long v = Long.parseLong(value);
                if (v < 0xFFFFFFFFL) {
                    return OptionalInt.of((int) v);
                }
            }
        }
        return OptionalInt.empty();
    }
}
