package org.nsexplorer.helper.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test class after which a `sleep` it started is still alive, and names it: tests
 * give containers `sleep` to run, so a sleep that outlives its class is a container's process
 * that outlived its container. Checked for every class (registered in META-INF/services), so a
 * leak is reported where it happened, not by whichever test looks next. The leftovers are then
 * killed, so that one leak fails one class. Only sleeps of ours count: in a container's cgroup
 * (nsx-...), or below this JVM or a process of the helper; another's sleep on the same machine,
 * a Docker container's included, is left alone (a shell's `sleep` once failed a class).
 */
public final class LeftoverSleepCheck implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(LeftoverSleepCheck.class);
    /** Time for what a test killed last to die and be reaped. */
    private static final long GRACE_MILLIS = 5_000;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(STORE).put("before", sleeps());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        @SuppressWarnings("unchecked")
        Set<Long> before = context.getStore(STORE).get("before", Set.class);
        List<Long> left = newSleeps(before);
        for (long end = System.currentTimeMillis() + GRACE_MILLIS; !left.isEmpty()
                && System.currentTimeMillis() < end; left = newSleeps(before)) {
            Thread.sleep(50);
        }
        if (left.isEmpty()) {
            return;
        }
        List<String> described = new ArrayList<>();
        for (long pid : left) {
            described.add(describe(pid));
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        throw new AssertionError("sleep processes started by " + context.getDisplayName()
                + " outlived it (killed now):\n" + String.join("\n", described));
    }

    private static List<Long> newSleeps(Set<Long> before) {
        return sleeps().stream().filter(pid -> !before.contains(pid)).sorted().toList();
    }

    /** Live (not zombie) processes of ours whose command is sleep. */
    static Set<Long> sleeps() {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).map(Long::valueOf)
                    .filter(pid -> "sleep".equals(read(pid, "comm").strip()) && Procs.alive(pid) && ours(pid))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
    }

    /** In a cgroup of our containers, or started below this JVM or a process of the helper. */
    static boolean ours(long pid) {
        if (read(pid, "cgroup").contains("/nsx-")) {
            return true;
        }
        long me = ProcessHandle.current().pid();
        for (long p = parent(pid); p > 1; p = parent(p)) {
            // The helper: nsx-stage, or a JVM run as nsx-helper or given -Dnsx.stage.
            if (p == me || read(p, "cmdline").contains("nsx")) {
                return true;
            }
        }
        return false;
    }

    private static boolean inHostPidNamespace(long pid) {
        try {
            return Procs.nsLink(pid, "pid").equals(Procs.nsLink(ProcessHandle.current().pid(), "pid"));
        } catch (IOException e) {
            return true; // gone, or not ours to read
        }
    }

    /** The parent's PID, or 0 when the process is gone. */
    private static long parent(long pid) {
        String stat = read(pid, "stat");
        return stat.isEmpty() ? 0 : Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    }

    /** What tells where the process came from: its parent, command line, cgroups and PID namespace. */
    private static String describe(long pid) {
        long parent = parent(pid);
        String pidNs;
        try {
            pidNs = Procs.nsLink(pid, "pid") + (inHostPidNamespace(pid) ? " (the host's)" : " (its own)");
        } catch (IOException e) {
            pidNs = "?";
        }
        return "  pid " + pid + ", parent " + parent + ", cmdline '" + read(pid, "cmdline").replace('\0', ' ').strip()
                + "', " + pidNs + ", cgroups: " + read(pid, "cgroup").strip().replace('\n', ' ');
    }

    private static String read(long pid, String file) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/" + file));
        } catch (IOException e) {
            return "";
        }
    }
}
