package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HelperCli.Result;

/**
 * The masked and read-only /proc and /sys paths of runc's default spec and Docker's
 * (moby oci defaults), each checked in a real container: a path this host has is empty
 * inside, on a mount of its own; a read-only path is a read-only mount.
 */
class MaskedPathsTest {
    static final List<String> MASKED = List.of("/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore",
            "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap", "/sys/devices/virtual/tpm");
    static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    /** Prints "PATH empty|content|absent" for each path, then "mount POINT FIRST-OPTION" for each mount. */
    private static String script(List<String> paths) {
        return "for p in " + String.join(" ", paths) + "; do"
                + "  if [ -d \"$p\" ]; then c=$(ls -A \"$p\" | head -c 64);"
                + "  elif [ -e \"$p\" ]; then c=$(head -c 64 \"$p\" 2>/dev/null);"
                + "  else echo \"$p absent\"; continue; fi;"
                + "  if [ -z \"$c\" ]; then echo \"$p empty\"; else echo \"$p content\"; fi;"
                + " done;"
                + " while read -r id parent dev root point options rest; do echo \"mount $point ${options%%,*}\";"
                + " done < /proc/self/mountinfo;"
                + " (echo nsx > /proc/sys/kernel/domainname) 2>/dev/null && echo proc-sys-written || echo proc-sys-refused";
    }

    /** MASKED, with Docker's per-CPU thermal_throttle directories where this host has them. */
    private static List<String> maskedOnThisHost() throws IOException {
        List<String> paths = new ArrayList<>(MASKED);
        try (DirectoryStream<Path> cpus = Files.newDirectoryStream(Path.of("/sys/devices/system/cpu"), "cpu[0-9]*")) {
            for (Path cpu : cpus) {
                if (Files.isDirectory(cpu.resolve("thermal_throttle"))) {
                    paths.add(cpu.resolve("thermal_throttle").toString());
                }
            }
        }
        return paths;
    }

    private static void check(List<String> namespaces) throws Exception {
        List<String> masked = maskedOnThisHost();
        List<String> all = new ArrayList<>(masked);
        all.addAll(READ_ONLY);
        Result r = HelperCli.run("run", "--ns", String.join(",", namespaces), "--mounts", "proc,sys,dev,tmp", "--",
                "/bin/sh", "-c", script(all));
        assertEquals(0, r.exit(), r.stderr());
        Map<String, String> seen = new HashMap<>();
        Map<String, String> mounts = new HashMap<>();
        for (String line : r.lines()) {
            String[] f = line.split(" ");
            if (f[0].equals("mount")) {
                mounts.put(f[1], f[2]);
            } else if (f.length == 2) {
                seen.put(f[0], f[1]);
            }
        }
        int checked = 0;
        for (String path : masked) {
            if (Files.exists(Path.of(path))) {
                checked++;
                assertEquals("empty", seen.get(path), path + " shows through in " + namespaces + ": " + r.stdout());
                assertTrue(mounts.containsKey(path), path + " is not a mount of its own: " + r.stdout());
            } else {
                assertEquals("absent", seen.get(path), path);
            }
        }
        assertTrue(checked >= 3, "this host has too few of the masked paths to check: " + checked);
        for (String path : READ_ONLY) {
            if (Files.exists(Path.of(path))) {
                assertEquals("ro", mounts.get(path), path + " is not read-only in " + namespaces + ": " + r.stdout());
            }
        }
        assertTrue(r.stdout().contains("proc-sys-refused"), r.stdout());
    }

    @Test
    void withoutAUserNamespaceEveryPathIsMaskedOrReadOnly() throws Exception {
        check(List.of("mnt", "uts", "ipc", "net", "pid"));
    }

    @Test
    void withAUserNamespaceEveryPathIsMaskedOrReadOnly() throws Exception {
        check(List.of("mnt", "uts", "ipc", "net", "pid", "user"));
    }
}
