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
 * killed, so that one leak fails one class.
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

    /** Live (not zombie) processes whose command is sleep. */
    static Set<Long> sleeps() {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).map(Long::valueOf)
                    .filter(pid -> "sleep".equals(read(pid, "comm").strip()) && Procs.alive(pid))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
    }

    /** What tells where the process came from: its parent, command line, cgroups and PID namespace. */
    private static String describe(long pid) {
        String stat = read(pid, "stat");
        String parent = stat.isEmpty() ? "?" : stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1];
        String pidNs;
        try {
            pidNs = Procs.nsLink(pid, "pid") + (Procs.nsLink(pid, "pid").equals(Procs.nsLink(ProcessHandle.current()
                    .pid(), "pid")) ? " (the host's)" : " (its own)");
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
