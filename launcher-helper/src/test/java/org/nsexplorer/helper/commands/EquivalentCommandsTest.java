package org.nsexplorer.helper.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HostState;

/** The equivalent commands, pasted into a root shell (sh reading them on stdin), really work. */
class EquivalentCommandsTest {

    private static List<String> pasteIntoRootShell(String... runArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("commands"));
        args.addAll(List.of(runArgs));
        HelperCli.Result generated = HelperCli.run(args);
        assertEquals(0, generated.exit(), generated.stderr());
        Process sh = new ProcessBuilder("/bin/sh").redirectErrorStream(true).start();
        sh.getOutputStream().write(generated.stdout().getBytes(StandardCharsets.UTF_8));
        sh.getOutputStream().close();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(sh.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, sh.exitValue(), generated.stdout() + "\n---\n" + out);
        return out.lines().toList();
    }

    @Test
    void theClassicContainerWithLimitsAndAHostname() throws Exception {
        HostState before = HostState.capture();
        List<String> out = pasteIntoRootShell("--hostname", "by-hand", "--memory", "64M", "--pids", "20", "--",
                "/bin/sh", "-c", "echo $$; (ls /proc/1/fd | wc -l); hostname; grep -c nsx-demo /proc/self/cgroup");
        // PID 1, its fds 0-2, its hostname, 2 limited cgroups. The fds are listed from a subshell, whose
        // pipe PID 1 never holds: PID 1's own pipe to wc, closed only after forking ls, was seen as 5.
        assertEquals(List.of("1", "3", "by-hand", "2"), out);
        assertEquals(before, HostState.capture(), "the commands clean up after themselves");
    }

    @Test
    void chrootAloneStillSeesTheHostsProcesses() throws Exception {
        List<String> out = pasteIntoRootShell("--ns", "mnt", "--root-switch", "chroot", "--mounts", "proc", "--",
                "/bin/sh", "-c", "ps -e -o pid= | wc -l");
        assertTrue(Integer.parseInt(out.get(0).trim()) > 10, out.toString());
    }

    @Test
    void aUserNamespaceMakesRootInsideUnprivilegedOutside() throws Exception {
        List<String> out = pasteIntoRootShell("--ns", "mnt,uts,ipc,net,pid,user", "--map-root", "1234", "--",
                "/bin/sh", "-c", "id -u; cat /proc/self/uid_map | wc -l");
        assertEquals(List.of("0", "1"), out);
    }

    @Test
    void aVethPairAndAnOverlayByHand() throws Exception {
        HostState before = HostState.capture();
        List<String> out = pasteIntoRootShell("--net", "veth", "--overlay", "--", "/bin/sh", "-c",
                "ip -4 -o addr show dev eth0 | grep -o '10.0.0.2/24'; ip route | grep -c default;"
                        + " echo changed > /etc/os-release; grep -c overlay /proc/self/mountinfo");
        assertEquals(List.of("10.0.0.2/24", "1", "1"), out);
        assertEquals(before, HostState.capture(), "the commands clean up after themselves");
    }

    @Test
    void aBridgeInASwitchNamespaceByHand() throws Exception {
        HostState before = HostState.capture();
        List<String> out = pasteIntoRootShell("--net", "bridge", "--", "/bin/sh", "-c",
                "ip -4 -o addr show dev eth0 | grep -o '10.0.0.2/24'; ip route | grep -c default;"
                        + " ip -o link show dev eth0 | grep -o 'state [A-Z]*'");
        // UP: its other end, a port of the bridge in the switch, is up too
        assertEquals(List.of("10.0.0.2/24", "1", "state UP"), out);
        assertEquals(before, HostState.awaitEqual(before), "the commands clean up after themselves");
    }
}
