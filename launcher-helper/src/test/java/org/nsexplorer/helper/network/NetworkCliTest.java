package org.nsexplorer.helper.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.BackgroundRun;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HelperCli.Result;
import org.nsexplorer.helper.support.HostState;

/** `run --net` and `run --join` on the real command line, and what they refuse. */
class NetworkCliTest {

    @Test
    void netVethPrintsBothEndsAndTheContainerHasItsAddress() throws Exception {
        HostState before = HostState.capture();
        Result r = HelperCli.run("run", "--net", "veth", "--", "/bin/sh", "-c",
                "ip -4 -o addr show dev eth0 | grep -o 'inet [0-9./]*'");
        assertEquals(0, r.exit(), r.stderr());
        String line = r.stderr().lines().filter(l -> l.contains("<->")).findFirst().orElseThrow();
        String inside = line.replaceAll(".*eth0 (\\S+) in the container", "$1");
        assertEquals(List.of("inet " + inside), r.lines(), line);
        assertEquals(before, HostState.awaitEqual(before));
    }

    @Test
    void netHostSharesTheHostsInterfaces() throws Exception {
        Result r = HelperCli.run("run", "--net", "host", "--", "/bin/sh", "-c", "readlink /proc/self/ns/net");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString(),
                r.lines().get(0));
    }

    @Test
    void aContainerThatJoinsAnothersNetworkCannotAdministerIt() throws Exception {
        try (BackgroundRun first = new BackgroundRun("--", "/bin/sleep", "30")) {
            long pid = first.containerPid();
            // The owner may (CAP_NET_ADMIN in its own net namespace); the one that joined may not.
            Result joined = HelperCli.run("run", "--join", pid + ":net", "--", "/bin/sh", "-c",
                    "ip link set lo up 2>/dev/null; echo $?");
            assertEquals(List.of("2"), joined.lines(), joined.stderr());
            Result own = HelperCli.run("run", "--", "/bin/sh", "-c", "ip link set lo up; echo $?");
            assertEquals(List.of("0"), own.lines(), own.stderr());
        }
    }

    @Test
    void joinByPidSharesThatContainersNamespaces() throws Exception {
        try (BackgroundRun first = new BackgroundRun("--", "/bin/sleep", "30")) {
            long pid = first.containerPid();
            Result r = HelperCli.run("run", "--join", pid + ":net,ipc,uts", "--", "/bin/sh", "-c",
                    "readlink /proc/self/ns/net /proc/self/ns/ipc /proc/self/ns/uts /proc/self/ns/pid");
            assertEquals(0, r.exit(), r.stderr());
            for (int i = 0; i < 3; i++) {
                String ns = List.of("net", "ipc", "uts").get(i);
                assertEquals(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + ns))
                        .toString(), r.lines().get(i));
            }
            assertTrue(!r.lines().get(3).equals(Files.readSymbolicLink(
                    Path.of("/proc/" + pid + "/ns/pid")).toString()), "pid was not joined");
        }
    }

    @Test
    void aContainerOnTheHostsNetworkHasNoNetToShare() throws Exception {
        try (BackgroundRun hostNet = new BackgroundRun("--ns", "mnt,uts,pid", "--", "/bin/sleep", "30")) {
            long pid = hostNet.containerPid();
            HostState before = HostState.capture();
            Result r = HelperCli.run("run", "--join", pid + ":net", "--", "/bin/true");
            assertEquals(2, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("uses the host's own net namespace"), r.stderr());
            assertEquals(before, HostState.capture());
        }
    }

    @Test
    void conflictsAndStrangersAreRefusedByField() throws Exception {
        long self = ProcessHandle.current().pid();
        List<List<String>> refused = List.of(
                List.of("--net", "wifi"),
                List.of("--net", "host", "--ns", "mnt,net"),
                List.of("--net", "veth", "--ns", "mnt,pid"),
                List.of("--join", self + ":net"),
                List.of("--join", "1:net"),
                List.of("--join", "nope"),
                List.of("--join", "999999999:ipc"));
        for (List<String> options : refused) {
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(options);
            args.addAll(List.of("--", "/bin/true"));
            HostState before = HostState.capture();
            Result r = HelperCli.run(args);
            assertEquals(2, r.exit(), options + ": " + r.stderr());
            assertEquals(1, r.stderr().lines().count(), options + ": " + r.stderr());
            assertEquals(before, HostState.capture(), options.toString());
        }
    }
}
