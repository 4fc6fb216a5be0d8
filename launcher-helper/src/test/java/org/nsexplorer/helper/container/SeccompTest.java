package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HelperCli.Result;
import org.nsexplorer.helper.support.PerlRootfs;

/**
 * The system-call filter (Docker's default profile) in real containers: perl's syscall()
 * issues each call raw, with arguments the kernel itself would answer otherwise than EPERM
 * where it can (EFAULT, EBADF, EINVAL, or success for a harmless no-op), so that a refusal
 * seen here is the filter's.
 */
class SeccompTest {
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final List<String> USER_NS = List.of("--ns", "mnt,uts,ipc,net,pid,user");
    private static PerlRootfs perl;

    /**
     * Each line: the probe's name, then the x86-64 call number and its arguments. It prints
     * "name errno" for a failed call and "name ok" for one that returned.
     */
    private static final String PROBE = """
            my ($user, $none, $x, $root, $empty, $host) = ("user", "nsx-none", "x", "/", "", "box");
            my @calls = (
              ["add_key", 248, $none, $x, $x, 1, -4],
              ["request_key", 249, $user, $none, 0, 0],
              ["keyctl", 250, 0, -3, 0],
              ["bpf", 321, 0, 0, 0],
              ["perf_event_open", 298, 0, 0, -1, -1, 0],
              ["kexec_load", 246, 0, 0, 0, 0],
              ["kexec_file_load", 320, -1, -1, 0, 0, 0],
              ["init_module", 175, 0, 0, $empty],
              ["finit_module", 313, -1, $empty, 0],
              ["delete_module", 176, $none, 0],
              ["acct", 163, 0],
              ["swapon", 167, 0, 0],
              ["swapoff", 168, 0],
              ["reboot", 169, 0, 0, 0, 0],
              ["syslog", 103, 10, 0, 0],
              ["iopl", 172, 0],
              ["ioperm", 173, 0, 0, 0],
              ["settimeofday", 164, 0, 0],
              ["clock_settime", 227, 0, 0],
              ["open_by_handle_at", 304, -1, 0, 0],
              ["userfaultfd", 323, 1],
              ["io_uring_setup", 425, 1, 0],
              ["io_uring_enter", 426, -1, 0, 0, 0, 0, 0],
              ["io_uring_register", 427, -1, 0, 0, 0],
              ["personality_odd", 135, 0x0400000],
              ["quotactl", 179, 0, 0, 0, 0],
              ["fanotify_init", 300, 0, 0],
              ["kcmp", 312, $$, $$, 0, 0, 0],
              ["pidfd_getfd", 438, -1, 0, 0],
              ["process_madvise", 440, -1, 0, 0, 0, 0],
              ["get_mempolicy", 239, 0, 0, 0, 0, 0],
              ["vhangup", 153],
              ["socket_vsock", 41, 40, 1, 0],
              ["mount", 165, 0, 0, 0, 0, 0],
              ["umount2", 166, $none, 0],
              ["pivot_root", 155, 0, 0],
              ["open_tree", 428, -100, $root, 0],
              ["move_mount", 429, -1, 0, -1, 0, 0],
              ["fsopen", 430, $none, 0],
              ["fsconfig", 431, -1, 0, 0, 0, 0],
              ["fsmount", 432, -1, 0, 0],
              ["fspick", 433, -1, $empty, 0],
              ["mount_setattr", 442, -1, 0, 0, 0, 0],
              ["unshare", 272, 0],
              ["setns", 308, -1, 0],
              ["sethostname", 170, $host, 3],
              ["clone_newuser", 56, 0x10000200, 0, 0, 0, 0],
              ["clone3", 435, 0, 0],
              ["open_tree_attr", 467, -100, $root, 0, 0, 0],
              ["personality_query", 135, 0xffffffff],
              ["getpid", 39],
            );
            for my $c (@calls) {
              my ($name, $nr, @args) = @$c;
              $! = 0;
              my $r = syscall($nr, @args);
              print $name, " ", ($r == -1 ? $! + 0 : "ok"), "\\n";
            }
            """;

    /** Refused with EPERM in every container (no capability the helper grants allows them). */
    private static final List<String> ALWAYS_REFUSED = List.of("add_key", "request_key", "keyctl", "bpf",
            "perf_event_open", "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "acct",
            "swapon", "swapoff", "reboot", "syslog", "iopl", "ioperm", "settimeofday", "clock_settime",
            "open_by_handle_at", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
            "personality_odd", "quotactl", "fanotify_init", "kcmp", "pidfd_getfd", "process_madvise", "get_mempolicy",
            "vhangup", "socket_vsock");
    /** Refused without CAP_SYS_ADMIN; with it (a user namespace here) they reach the kernel. */
    private static final List<String> NEED_SYS_ADMIN = List.of("mount", "umount2", "pivot_root", "open_tree",
            "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "unshare", "setns", "sethostname",
            "clone_newuser");

    @BeforeAll
    static void buildPerlRootfs() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the probe uses x86-64 call numbers");
        perl = PerlRootfs.build("t-seccomp-perl");
    }

    @AfterAll
    static void removePerlRootfs() throws Exception {
        if (perl != null) {
            perl.close();
        }
    }

    private static Map<String, String> probe(List<String> runOptions) throws Exception {
        Result r = perl.runPerl(runOptions, PROBE);
        assertEquals(0, r.exit(), r.stderr());
        Map<String, String> answers = new LinkedHashMap<>();
        for (String line : r.lines()) {
            String[] f = line.split(" ");
            answers.put(f[0], f[1]);
        }
        return answers;
    }

    @Test
    void everyContainerRunsUnderAFilter() throws Exception {
        for (List<String> options : List.of(List.<String>of(), USER_NS, List.of("--ns", "mnt,uts,ipc,net"))) {
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(options);
            args.addAll(List.of("--", "/bin/sh", "-c", "grep Seccomp: /proc/self/status"));
            Result r = HelperCli.run(args);
            assertEquals(List.of("Seccomp:\t2"), r.lines(), options + ": " + r.stderr());
        }
    }

    @Test
    void withoutCapSysAdminDockersRefusedCallsFail() throws Exception {
        Map<String, String> answers = probe(List.of());
        for (String name : ALWAYS_REFUSED) {
            assertEquals(Integer.toString(EPERM), answers.get(name), name + " in " + answers);
        }
        for (String name : NEED_SYS_ADMIN) {
            assertEquals(Integer.toString(EPERM), answers.get(name), name + " in " + answers);
        }
        // As Docker: clone3's flags cannot be checked, so it is "missing" and libc falls back to clone.
        assertEquals(Integer.toString(ENOSYS), answers.get("clone3"), answers.toString());
        // A call newer than the profile is "missing" too (Linux 6.15's open_tree_attr).
        assertEquals(Integer.toString(ENOSYS), answers.get("open_tree_attr"), answers.toString());
        assertEquals("ok", answers.get("personality_query"), answers.toString());
        assertEquals("ok", answers.get("getpid"), answers.toString());
    }

    @Test
    void withAUserNamespaceTheMountCallsReachTheKernelAndTheRestStayRefused() throws Exception {
        Map<String, String> answers = probe(USER_NS);
        for (String name : ALWAYS_REFUSED) {
            assertEquals(Integer.toString(EPERM), answers.get(name), name + " in " + answers);
        }
        for (String name : NEED_SYS_ADMIN) {
            assertNotEquals(Integer.toString(EPERM), answers.get(name), name + " in " + answers);
        }
        assertNotEquals(Integer.toString(ENOSYS), answers.get("clone3"), answers.toString());
        assertEquals(Integer.toString(ENOSYS), answers.get("open_tree_attr"), answers.toString());
    }

    @Test
    void normalWorkStillRunsInTheBuiltInRootfs() throws Exception {
        Result plain = HelperCli.run("run", "--", "/bin/sh", "-c", "ps -e -o comm= | head -1; ip -br link | cut -c1-2;"
                + " top -b -n 1 | grep -c '^top'; echo text | tr a-z A-Z; date +%Y >/dev/null && echo date");
        assertEquals(List.of("sh", "lo", "1", "TEXT", "date"), plain.lines(), plain.stderr());
        Result userNs = HelperCli.run("run", "--ns", "mnt,uts,ipc,net,pid,user", "--", "/bin/sh", "-c",
                "ps -e -o comm= | head -1; ip link set lo up && ip -br addr | cut -c1-2; mkdir -p /tmp/m;"
                        + " mount -t tmpfs none /tmp/m && touch /tmp/m/f && ls /tmp/m && umount /tmp/m && echo umounted;"
                        + " hostname box && hostname; unshare --uts sh -c 'hostname inner; hostname'; hostname");
        assertEquals(List.of("sh", "lo", "f", "umounted", "box", "inner", "box"), userNs.lines(), userNs.stderr());
    }
}
