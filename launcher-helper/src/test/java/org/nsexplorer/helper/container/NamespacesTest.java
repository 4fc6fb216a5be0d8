package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.BackgroundRun;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HelperCli.Result;
import org.nsexplorer.helper.support.Procs;

/** Each namespace toggle, checked in a real container launched by the real command line. */
class NamespacesTest {

    private static Result ok(String... args) throws Exception {
        Result r = HelperCli.run(args);
        assertEquals(0, r.exit(), () -> "nsx-helper " + List.of(args) + " failed: " + r.stderr());
        return r;
    }

    @Test
    void pidNamespaceMakesTheCommandPid1AndHidesTheHost() throws Exception {
        Result r = ok("run", "--", "/bin/sh", "-c", "echo $$; ps -e -o pid=,comm=");
        List<String> lines = r.lines();
        assertEquals("1", lines.get(0).trim());
        // Only the shell and ps itself: none of the host's processes.
        assertEquals(List.of("1 sh", "ps"), List.of(lines.get(1).trim().replaceAll("\\s+", " "),
                lines.get(2).trim().replaceAll("^\\d+\\s+", "")));
        assertEquals(3, lines.size(), r.stdout());
    }

    @Test
    void withoutPidNamespaceTheContainerSeesHostProcesses() throws Exception {
        Result r = ok("run", "--ns", "mnt,uts,ipc,net", "--", "/bin/sh", "-c", "echo $$; ps -e -o pid= | wc -l");
        assertNotEquals("1", r.lines().get(0).trim());
        assertTrue(Integer.parseInt(r.lines().get(1).trim()) > 10, r.stdout());
    }

    @Test
    void utsNamespaceGivesItsOwnHostnameAndLeavesTheHostsAlone() throws Exception {
        String before = InetAddress.getLocalHost().getHostName();
        String hostFile = Files.readString(Path.of("/proc/sys/kernel/hostname"));
        Result r = ok("run", "--hostname", "classroom-box", "--", "/bin/hostname");
        assertEquals(List.of("classroom-box"), r.lines());
        assertEquals(hostFile, Files.readString(Path.of("/proc/sys/kernel/hostname")));
        assertEquals(before, InetAddress.getLocalHost().getHostName());
    }

    @Test
    void withAUserNamespaceRootInsideMayRenameItsOwnHostOnly() throws Exception {
        String hostFile = Files.readString(Path.of("/proc/sys/kernel/hostname"));
        Result r = ok("run", "--ns", "mnt,uts,ipc,net,pid,user", "--", "/bin/sh", "-c", "hostname renamed; hostname");
        assertEquals(List.of("renamed"), r.lines());
        assertEquals(hostFile, Files.readString(Path.of("/proc/sys/kernel/hostname")));
    }

    @Test
    void withoutAUserNamespaceRootInsideHoldsNoHostWideAdminPower() throws Exception {
        // CAP_SYS_ADMIN would be the host's own here: it is not granted, and /proc's dangerous parts are read-only.
        Result r = ok("run", "--", "/bin/sh", "-c", "hostname renamed 2>/dev/null || echo refused;"
                + " (echo x > /proc/sys/kernel/hostname) 2>/dev/null || echo read-only;"
                + " grep -c ' /proc/sys ro,' /proc/self/mountinfo; wc -c < /proc/keys");
        assertEquals(List.of("refused", "read-only", "1", "0"), r.lines());
    }

    @Test
    void mountNamespaceLeavesTheHostMountTableByteIdentical() throws Exception {
        String before = Files.readString(Path.of("/proc/self/mountinfo"));
        Result r = ok("run", "--mounts", "proc,sys,tmp,dev", "--", "/bin/sh", "-c",
                "cat /proc/self/mountinfo | wc -l; ls /dev");
        assertTrue(Integer.parseInt(r.lines().get(0).trim()) >= 5, r.stdout());
        assertTrue(r.stdout().contains("null"), r.stdout());
        assertEquals(before, Files.readString(Path.of("/proc/self/mountinfo")));
    }

    @Test
    void ipcObjectMadeInsideIsInvisibleOnTheHost() throws Exception {
        String hostBefore = Files.readString(Path.of("/proc/sysvipc/shm"));
        try (BackgroundRun run = new BackgroundRun("--", "/bin/sh", "-c", "ipcmk -M 4096 > /tmp/made; sleep 30")) {
            long pid = run.containerPid();
            Path made = Path.of("/proc/" + pid + "/root/tmp/made");
            for (int i = 0; i < 200 && (!Files.exists(made) || Files.size(made) == 0); i++) {
                Thread.sleep(10);
            }
            String id = Files.readString(made).replaceAll("\\D", "");
            assertTrue(!id.isEmpty(), "ipcmk printed no id");
            // The segment exists in the container's IPC namespace (seen through the kernel from inside)...
            Process inside = new ProcessBuilder("nsenter", "-t", Long.toString(pid), "-i", "ipcs", "-m", "-i", id)
                    .redirectErrorStream(true).start();
            String seen = new String(inside.getInputStream().readAllBytes());
            assertEquals(0, inside.waitFor(), seen);
            // ...and the host's list of segments did not change.
            assertEquals(hostBefore, Files.readString(Path.of("/proc/sysvipc/shm")));
        }
    }

    @Test
    void networkNamespaceHasOnlyLoopback() throws Exception {
        Result r = ok("run", "--", "/bin/sh", "-c", "ip -o link show | cut -d: -f2");
        assertEquals(List.of("lo"), r.lines().stream().map(String::trim).toList());
    }

    @Test
    void userNamespaceMapsRootToTheChosenUid() throws Exception {
        Result r = ok("run", "--ns", "mnt,uts,ipc,net,pid,user", "--map-root", "1234", "--", "/bin/sh", "-c",
                "id -u; cat /proc/self/uid_map; cat /proc/self/gid_map");
        assertEquals("0", r.lines().get(0).trim());
        assertEquals("0 1234 1", r.lines().get(1).trim().replaceAll("\\s+", " "));
        assertEquals("0 1234 1", r.lines().get(2).trim().replaceAll("\\s+", " "));
    }

    @Test
    void cgroupNamespaceShowsRootForEveryHierarchy() throws Exception {
        Result r = ok("run", "--ns", "mnt,uts,ipc,net,pid,cgroup", "--", "/bin/cat", "/proc/self/cgroup");
        assertTrue(r.lines().size() >= 1);
        for (String line : r.lines()) {
            assertTrue(line.endsWith(":/"), "not the namespace root: " + line);
        }
        // Without it the container sees its nsx-* cgroup path.
        Result shared = ok("run", "--memory", "64M", "--", "/bin/cat", "/proc/self/cgroup");
        assertTrue(shared.stdout().contains("/nsx-"), shared.stdout());
    }

    @Test
    void timeNamespaceShiftsUptimeByTheOffset() throws Exception {
        double hostUptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        Result r = ok("run", "--ns", "mnt,uts,ipc,net,pid,time", "--boottime", "86400", "--", "/bin/cat", "/proc/uptime");
        double inside = Double.parseDouble(r.stdout().split(" ")[0]);
        assertTrue(inside - hostUptime > 86400 - 30 && inside - hostUptime < 86400 + 30,
                "uptime inside " + inside + ", host " + hostUptime);
    }

    @Test
    void withNoNamespaceTheContainerSharesEveryNamespaceWithTheHostButItsUsers() throws Exception {
        // Sharing the host's mounts and processes, its root is the caller's in a user namespace.
        try (BackgroundRun run = new BackgroundRun("--ns", "none", "--", "/bin/sleep", "30")) {
            long pid = run.containerPid();
            long self = ProcessHandle.current().pid();
            for (String type : List.of("mnt", "uts", "ipc", "net", "pid", "cgroup", "time")) {
                assertEquals(Procs.nsLink(self, type), Procs.nsLink(pid, type), type);
            }
            assertNotEquals(Procs.nsLink(self, "user"), Procs.nsLink(pid, "user"));
        }
        // With host root, as sudo unshare gives it: every namespace is the host's.
        try (BackgroundRun run = new BackgroundRun("--ns", "none", "--host-root", "--", "/bin/sleep", "30")) {
            long pid = run.containerPid();
            long self = ProcessHandle.current().pid();
            for (String type : List.of("mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time")) {
                assertEquals(Procs.nsLink(self, type), Procs.nsLink(pid, type), type);
            }
        }
    }

    @Test
    void defaultContainerHasPrivateMntUtsIpcNetPidAndSharesTheRest() throws Exception {
        try (BackgroundRun run = new BackgroundRun("--", "/bin/sleep", "30")) {
            long pid = run.containerPid();
            long self = ProcessHandle.current().pid();
            for (String type : List.of("mnt", "uts", "ipc", "net", "pid")) {
                assertNotEquals(Procs.nsLink(self, type), Procs.nsLink(pid, type), type);
            }
            for (String type : List.of("user", "cgroup", "time")) {
                assertEquals(Procs.nsLink(self, type), Procs.nsLink(pid, type), type);
            }
        }
    }

    @Test
    void chrootModeWithoutPidNamespaceShowsWhyChrootIsNotIsolation() throws Exception {
        Result r = ok("run", "--ns", "mnt", "--root-switch", "chroot", "--mounts", "proc", "--", "/bin/sh", "-c",
                "ps -e -o pid= | wc -l");
        assertTrue(Integer.parseInt(r.stdout().trim()) > 10, "chroot alone still shows the host's processes");
    }

    @Test
    void onlyStdioReachesTheContainer() throws Exception {
        Result r = ok("run", "--", "/bin/sh", "-c", "ls /proc/$$/fd");
        assertEquals(List.of("0", "1", "2"), r.lines());
    }

    @Test
    void exitStatusIsTheCommandsOr128PlusSignal() throws Exception {
        assertEquals(7, HelperCli.run("run", "--", "/bin/sh", "-c", "exit 7").exit());
        // A shell that is not PID 1 dies of its own SIGKILL; the helper reports 128+9.
        assertEquals(137, HelperCli.run("run", "--ns", "mnt,uts,ipc,net", "--", "/bin/sh", "-c", "kill -9 $$").exit());
    }

    @Test
    void theCallersStdinReachesTheCommand() throws Exception {
        Process p = HelperCli.builder(List.of("run", "--", "/bin/sh", "-c", "read line; echo \"got $line\"; echo oops >&2"))
                .start();
        p.getOutputStream().write("from the caller\n".getBytes());
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(0, p.waitFor());
        assertEquals("got from the caller\n", out);
        assertEquals("oops\n", err);
    }
}
